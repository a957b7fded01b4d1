package io.maillake.mimecast.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.mimecast.TestData;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FailBodyTest {
    @Test
    void readsTheApi1ShapeWithNestedErrors() {
        String body = "{\"meta\":{\"status\":418},\"data\":[],\"fail\":[{\"key\":{\"from\":\"x\"},\"errors\":["
                + "{\"code\":\"err_xdk_binding_expired\",\"message\":\"AccessKey has expired.\",\"retryable\":false},"
                + "{\"code\":\"other\",\"retryable\":true}]}]}";
        assertThat(FailBody.errors(body.getBytes(StandardCharsets.UTF_8))).containsExactly(
                new FailBody.Error("err_xdk_binding_expired", "AccessKey has expired.", false),
                new FailBody.Error("other", null, true));
    }

    @Test
    void readsTheApi2GatewayShapeFromThePublishedSample() {
        assertThat(FailBody.errors(TestData.bytes("mimecast/samples/error-v2-401.response.json")))
                .containsExactly(new FailBody.Error("unauthorized", null, false));
    }

    @Test
    void countsAFailEntryWithoutErrorsAsAFailure() {
        assertThat(FailBody.hasFailures("{\"fail\":[{\"key\":{}}]}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(FailBody.hasFailures("{\"fail\":[]}".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void neverThrowsOnGarbage() {
        for (String body : new String[] {"", "<html>", "{\"fail\":", "[]", "{\"fail\":\"x\"}", "{\"fail\":[1,\"a\",null]}"}) {
            assertThat(FailBody.errors(body.getBytes(StandardCharsets.UTF_8))).as(body).isNotNull();
        }
    }
}
