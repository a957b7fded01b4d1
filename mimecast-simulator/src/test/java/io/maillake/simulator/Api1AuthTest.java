package io.maillake.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class Api1AuthTest {
    private static final String BODY = "{\"meta\":{\"pagination\":{\"pageSize\":1}}}";
    private static MutableClock clock;
    private static MimecastSimulator sim;
    private static SimHttp http;
    private static Api1Credentials creds;

    @BeforeAll
    static void start() {
        clock = TestSims.clock();
        sim = MimecastSimulator.start(TestSims.small(clock).accounts(2).build());
        http = new SimHttp(sim);
        creds = sim.account(0).api1();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static void assertRejected(SimHttp.Response r, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        JsonNode error = r.json().path("fail").path(0).path("errors").path(0);
        assertThat(error.path("code").asString()).isEqualTo(code);
        assertThat(error.path("message").asString()).isNotBlank();
        assertThat(error.path("retryable").isBoolean()).isTrue();
        assertThat(error.path("retryable").asBoolean()).isFalse();
        assertThat(r.json().path("meta").path("status").asInt()).isEqualTo(401);
        assertThat(r.json().path("data").isArray()).isTrue();
    }

    @Test
    void aCorrectlySignedRequestIsServed() {
        assertThat(http.api1(creds, LogType.URL, BODY).status()).isEqualTo(200);
    }

    @Test
    void aDateInGmtIsAcceptedBecauseTheLiteralStringIsWhatIsSigned() {
        SimHttp.Response r = http.api1(creds, LogType.URL, BODY, h -> {
            String date = h.get("x-mc-date").replace(" UTC", " GMT");
            h.put("x-mc-date", date);
            h.put("Authorization", "MC " + creds.accessKey() + ":"
                    + TestSigner.sign(creds.secretKey(), date, h.get("x-mc-req-id"), LogType.URL.path(), creds.appKey()));
        });
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void aSignatureMadeWithAnotherSecretKeyIsRejected() {
        String otherSecret = sim.account(1).api1().secretKey();
        SimHttp.Response r = http.api1(creds, LogType.URL, BODY, h -> h.put("Authorization", "MC " + creds.accessKey() + ":"
                + TestSigner.sign(otherSecret, h.get("x-mc-date"), h.get("x-mc-req-id"), LogType.URL.path(), creds.appKey())));
        assertRejected(r, "err_signature_invalid");
    }

    @Test
    void aSignatureKeyedWithTheSecretKeyTextInsteadOfItsBytesIsRejected() {
        SimHttp.Response r = http.api1(creds, LogType.URL, BODY, h -> h.put("Authorization", "MC " + creds.accessKey() + ":"
                + TestSigner.sign(creds.secretKey().getBytes(StandardCharsets.US_ASCII), h.get("x-mc-date"), h.get("x-mc-req-id"),
                LogType.URL.path(), creds.appKey())));
        assertRejected(r, "err_signature_invalid");
    }

    @Test
    void aSignatureOverTheFullUrlInsteadOfThePathIsRejected() {
        String url = sim.baseUrl() + LogType.URL.path();
        SimHttp.Response r = http.api1(creds, LogType.URL, BODY, h -> h.put("Authorization", "MC " + creds.accessKey() + ":"
                + TestSigner.sign(creds.secretKey(), h.get("x-mc-date"), h.get("x-mc-req-id"), url, creds.appKey())));
        assertRejected(r, "err_signature_invalid");
    }

    @Test
    void anUnknownAppIdIsRejected() {
        assertRejected(http.api1(creds, LogType.URL, BODY, h -> h.put("x-mc-app-id", "00000000-1111-2222-3333-444444444444")),
                "err_developer_key");
    }

    @Test
    void theAppIdOfAnotherAccountIsRejected() {
        assertRejected(http.api1(creds, LogType.URL, BODY, h -> h.put("x-mc-app-id", sim.account(1).api1().appId())),
                "err_developer_key");
    }

    @Test
    void anUnknownAccessKeyIsRejected() {
        assertRejected(http.api1(creds, LogType.URL, BODY, h -> h.put("Authorization",
                "MC unknownKey:" + h.get("Authorization").substring(h.get("Authorization").lastIndexOf(':') + 1))), "err_access_key_unknown");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2025-01-06T12:00:00Z", "Mon, 6 Jan 2025 12:00:00 UTC", "Tue, 06 Jan 2025 12:00:00 UTC",
            "Mon, 06 Jan 2025 12:00:00 CET", "Mon, 06 Jan 2025 25:00:00 UTC"})
    void aMalformedDateIsRejectedEvenWhenSigned(String date) {
        SimHttp.Response r = http.api1(creds, LogType.URL, BODY, h -> {
            h.put("x-mc-date", date);
            h.put("Authorization", "MC " + creds.accessKey() + ":"
                    + TestSigner.sign(creds.secretKey(), date, h.get("x-mc-req-id"), LogType.URL.path(), creds.appKey()));
        });
        assertRejected(r, "err_date_malformed");
    }

    @Test
    void aDateOutsideTheSkewWindowIsRejectedAndOneInsideIsAccepted() {
        String skewed = TestSigner.date(clock.instant().minus(Duration.ofMinutes(16)));
        String fine = TestSigner.date(clock.instant().plus(Duration.ofMinutes(14)));
        for (String date : new String[] {skewed, fine}) {
            SimHttp.Response r = http.api1(creds, LogType.URL, BODY, h -> {
                h.put("x-mc-date", date);
                h.put("Authorization", "MC " + creds.accessKey() + ":"
                        + TestSigner.sign(creds.secretKey(), date, h.get("x-mc-req-id"), LogType.URL.path(), creds.appKey()));
            });
            if (date.equals(skewed)) {
                assertRejected(r, "err_date_skewed");
            } else {
                assertThat(r.status()).isEqualTo(200);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "x-mc-date", "x-mc-req-id", "x-mc-app-id"})
    void eachMissingHeaderIsRejected(String header) {
        assertRejected(http.api1(creds, LogType.URL, BODY, h -> h.remove(header)), "err_auth_header_missing");
    }

    @Test
    void anAuthorizationWithoutSignatureIsRejected() {
        assertRejected(http.api1(creds, LogType.URL, BODY, h -> h.put("Authorization", "MC " + creds.accessKey())),
                "err_auth_header_malformed");
    }

    @Test
    void anExpiredBindingGives418UntilItIsRenewed() {
        sim.faults().expireBinding(0);
        try {
            SimHttp.Response r = http.api1(creds, LogType.URL, BODY);
            assertThat(r.status()).isEqualTo(418);
            assertThat(r.failCode()).isEqualTo("err_xdk_binding_expired");
            assertThat(http.api1(sim.account(1).api1(), LogType.URL, BODY).status()).as("other accounts").isEqualTo(200);
        } finally {
            sim.faults().renewBinding(0);
        }
        assertThat(http.api1(creds, LogType.URL, BODY).status()).isEqualTo(200);
    }
}
