package io.maillake.simulator;

import io.maillake.simulator.auth.Api1Signature;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

class Api1SignatureTest {
    private static JsonNode vectors() throws Exception {
        try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("..", "testdata", "mimecast", "signing-vectors.json"))) {
            return SimHttp.JSON.readTree(in);
        }
    }

    @Test
    void theVerifierAcceptsEverySignatureVectorOfTheSpec() throws Exception {
        for (JsonNode v : vectors().path("vectors")) {
            assertThat(Api1Signature.verify(v.path("secretKey").asString(), v.path("date").asString(), v.path("requestId").asString(),
                    v.path("uri").asString(), v.path("appKey").asString(), v.path("signature").asString()))
                    .as(v.path("name").asString()).isTrue();
        }
    }

    @Test
    void theTestSignerReproducesTheVectorsSoTheHttpTestsSignCorrectly() throws Exception {
        for (JsonNode v : vectors().path("vectors")) {
            assertThat(TestSigner.sign(v.path("secretKey").asString(), v.path("date").asString(), v.path("requestId").asString(),
                    v.path("uri").asString(), v.path("appKey").asString())).isEqualTo(v.path("signature").asString());
        }
    }

    @Test
    void theVerifierRejectsTheNegativeVectorsForTheInputsOfV1() throws Exception {
        JsonNode v1 = vectors().path("vectors").path(0);
        for (JsonNode neg : vectors().path("negative")) {
            assertThat(Api1Signature.verify(v1.path("secretKey").asString(), v1.path("date").asString(), v1.path("requestId").asString(),
                    v1.path("uri").asString(), v1.path("appKey").asString(), neg.path("signature").asString()))
                    .as(neg.path("name").asString()).isFalse();
        }
    }

    @Test
    void aSignatureForAnotherPathOrDateOrAGarbledSecretIsRejected() throws Exception {
        JsonNode v = vectors().path("vectors").path(0);
        String sig = v.path("signature").asString();
        assertThat(Api1Signature.verify(v.path("secretKey").asString(), v.path("date").asString(), v.path("requestId").asString(),
                "/api/ttp/attachment/get-logs", v.path("appKey").asString(), sig)).isFalse();
        assertThat(Api1Signature.verify(v.path("secretKey").asString(), "Tue, 24 Nov 2015 12:50:12 UTC", v.path("requestId").asString(),
                v.path("uri").asString(), v.path("appKey").asString(), sig)).isFalse();
        assertThat(Api1Signature.verify("not base64 !!", v.path("date").asString(), v.path("requestId").asString(),
                v.path("uri").asString(), v.path("appKey").asString(), sig)).isFalse();
        assertThat(Api1Signature.verify(v.path("secretKey").asString(), v.path("date").asString(), v.path("requestId").asString(),
                v.path("uri").asString(), v.path("appKey").asString(), null)).isFalse();
    }
}
