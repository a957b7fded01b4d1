package io.maillake.web.api;

import io.javalin.config.RoutesConfig;
import io.maillake.web.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The REST API under {@code /api/v1}, described by the OpenAPI document it serves at
 * {@code /api/v1/openapi.json} (kept in {@code src/main/resources/web/openapi.json}; a test holds it
 * to the routes registered here).
 */
public final class RestApi {
    public static final String OPENAPI_RESOURCE = "web/openapi.json";

    private RestApi() { }

    /** @return the routes registered */
    public static List<ApiRoutes.Route> register(RoutesConfig routes, Console c) {
        ApiRoutes r = new ApiRoutes(routes);
        byte[] openApi = openApi();
        routes.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        new TenantsApi(c).register(r);
        new IntegrationsApi(c).register(r);
        new QueryApi(c).register(r);
        new ExportApi(c).register(r);
        new UsersApi(c).register(r);
        new StatusApi(c).register(r);
        new DetectionsApi(c).register(r);
        new RulesApi(c).register(r);
        new WebhooksApi(c).register(r);
        return r.registered();
    }

    public static byte[] openApi() {
        try (InputStream in = RestApi.class.getClassLoader().getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing " + OPENAPI_RESOURCE);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
