package io.maillake.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maillake.domain.IntegrationDraft;
import io.maillake.domain.InvalidInputException;
import io.maillake.mimecast.ApiGeneration;
import io.maillake.mimecast.BaseUrlPolicy;
import io.maillake.mimecast.LogType;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntegrationDraftTest {
    private static List<String> problems(IntegrationDraft d) {
        try {
            d.validate(BaseUrlPolicy.strict(), null);
            return List.of();
        } catch (InvalidInputException e) {
            return e.problems();
        }
    }

    @Test
    void reportsEveryBadFieldAtOnceEachNamingItsField() {
        List<String> p = problems(new IntegrationDraft("", null, "http://evil.example", "nope", "nope", " ", "!!", null, null,
                List.of("url", "spam"), true));
        assertThat(p).extracting(InvalidInputException::fieldOf)
                .containsExactlyInAnyOrder("name", "baseUrl", "types", "appId", "appKey", "accessKey", "secretKey");
    }

    @Test
    void needsEitherApi1KeysOrApi2ClientCredentialsButNotBoth() {
        assertThat(problems(new IntegrationDraft("a", null, "https://eu-api.mimecast.com", null, null, null, null, null, null,
                List.of("url"), true))).singleElement().asString().startsWith("credentials: give API 1.0 keys");
        assertThat(problems(new IntegrationDraft("a", null, "https://eu-api.mimecast.com", StateStoreTest.APP_ID, null, null, null,
                "client", "secret", List.of("url"), true))).singleElement().asString().contains("not both");
        assertThat(problems(new IntegrationDraft("a", null, "https://api.services.mimecast.com", null, null, null, null, "client",
                null, List.of("url"), true))).singleElement().asString().startsWith("clientSecret: is required");
    }

    @Test
    void acceptsAValidDraftOfEachGenerationAndNormalisesIt() {
        IntegrationDraft.Valid v1 = new IntegrationDraft(" acme ", null, "https://EU-API.mimecast.com/", StateStoreTest.APP_ID,
                StateStoreTest.APP_KEY, StateStoreTest.ACCESS_KEY, StateStoreTest.SECRET_KEY, null, null,
                List.of("URL", "attachment", "url"), null).validate(BaseUrlPolicy.strict(), null);
        assertThat(v1.name()).isEqualTo("acme");
        assertThat(v1.baseUrl()).isEqualTo("https://eu-api.mimecast.com");
        assertThat(v1.generation()).isEqualTo(ApiGeneration.API_1);
        assertThat(v1.logTypes()).containsExactlyInAnyOrder(LogType.URL, LogType.ATTACHMENT);
        assertThat(v1.enabled()).isTrue();
        assertThat(v1.secrets().toString()).doesNotContain(StateStoreTest.SECRET_KEY, StateStoreTest.ACCESS_KEY);

        IntegrationDraft.Valid v2 = new IntegrationDraft("b", null, "https://api.services.mimecast.com", null, null, null, null,
                "client-id", "client-secret", List.of("impersonation"), false).validate(BaseUrlPolicy.strict(), null);
        assertThat(v2.generation()).isEqualTo(ApiGeneration.API_2);
        assertThat(v2.enabled()).isFalse();
    }

    @Test
    void refusesTooLongNamesAndDescriptions() {
        assertThatThrownBy(() -> new IntegrationDraft("x".repeat(101), "y".repeat(1001), "https://api.services.mimecast.com", null, null,
                null, null, "c", "s", List.of("url"), true).validate(BaseUrlPolicy.strict(), null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).extracting(InvalidInputException::fieldOf)
                        .containsExactlyInAnyOrder("name", "description"));
    }
}
