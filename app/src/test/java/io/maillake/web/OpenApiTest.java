package io.maillake.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.web.api.ApiRoutes;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document is served, and describes exactly the REST routes the server has. */
class OpenApiTest {
    @Test
    void theDocumentIsServedWithoutLoginAndListsEveryRouteAndNoOther(@TempDir Path dir) {
        try (Server server = new Server(dir)) {
            Client.Response r = server.client().get("/api/v1/openapi.json");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("application/json");
            JsonNode doc = Json.MAPPER.readTree(r.body());
            assertThat(doc.get("openapi").asString()).startsWith("3.");

            Set<String> documented = new HashSet<>();
            doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> documented.add(m.getKey() + " " + p.getKey())));
            Set<String> served = new HashSet<>();
            for (ApiRoutes.Route route : server.web.apiRoutes()) served.add(route.method() + " " + route.path());
            served.add("get /api/v1/openapi.json");
            assertThat(documented).isEqualTo(served);

            doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(m ->
                    assertThat(m.getValue().get("responses").size()).as(m.getKey() + " " + p.getKey()).isPositive()));
            assertThat(doc.get("components").get("schemas").get("Integration").get("properties").has("secretKey")).isFalse();
            assertThat(doc.get("components").get("schemas").get("Integration").get("properties").has("secretKeySet")).isTrue();
            assertThat(doc.get("components").get("schemas").get("Webhook").get("properties").has("secret")).isFalse();
            assertThat(doc.get("components").get("schemas").get("Webhook").get("properties").has("secretSet")).isTrue();
        }
    }
}
