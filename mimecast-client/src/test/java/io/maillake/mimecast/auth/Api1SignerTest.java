package io.maillake.mimecast.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maillake.mimecast.TestData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class Api1SignerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<JsonNode> vectors() {
        JsonNode root = JSON.readTree(TestData.bytes("mimecast/signing-vectors.json"));
        List<JsonNode> list = new ArrayList<>();
        root.get("vectors").forEach(list::add);
        assertThat(list).extracting(v -> v.get("name").asString()).contains("V1", "V2", "V3", "V4", "V5");
        return list.stream();
    }

    @ParameterizedTest(name = "{index}: vector {0}")
    @MethodSource("vectors")
    void signsEachPublishedVectorExactly(JsonNode v) {
        Api1Signer signer = new Api1Signer(v.get("secretKey").asString());
        String signature = signer.signature(v.get("date").asString(), v.get("requestId").asString(),
                v.get("uri").asString(), v.get("appKey").asString());
        assertThat(signature).isEqualTo(v.get("signature").asString());
        assertThat(Api1Signer.authorization(v.get("accessKey").asString(), signature))
                .isEqualTo(v.get("authorization").asString());
    }

    @Test
    void neverProducesTheNegativeVectorsSignatures() {
        JsonNode root = JSON.readTree(TestData.bytes("mimecast/signing-vectors.json"));
        JsonNode v1 = root.get("vectors").get(0);
        String ours = new Api1Signer(v1.get("secretKey").asString()).signature(v1.get("date").asString(),
                v1.get("requestId").asString(), v1.get("uri").asString(), v1.get("appKey").asString());
        List<String> negatives = new ArrayList<>();
        root.get("negative").forEach(n -> negatives.add(n.get("signature").asString()));
        assertThat(negatives).hasSize(2).doesNotContain(ours)
                .contains("JsHLbZwNd4/7mHUvuJwbfmkygmE=", "+ql29at9uf4HMWbCWUczLMqZ2nE=");
    }

    @Test
    void formatsTheDateWithAZeroPaddedDayAndTheLiteralUtc() {
        assertThat(Api1Signer.formatDate(Instant.parse("2008-06-03T11:05:30Z"))).isEqualTo("Tue, 03 Jun 2008 11:05:30 UTC");
        assertThat(Api1Signer.formatDate(Instant.parse("2015-11-24T12:50:11Z"))).isEqualTo("Tue, 24 Nov 2015 12:50:11 UTC");
    }

    @Test
    void refusesASecretKeyThatIsNotBase64() {
        assertThatThrownBy(() -> new Api1Signer("not base64 !!")).isInstanceOf(IllegalArgumentException.class);
    }
}
