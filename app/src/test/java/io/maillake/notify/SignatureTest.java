package io.maillake.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The signing scheme gives the example of docs/detections.md, computed there with Python's hmac module. */
class SignatureTest {
    @Test
    void theDocumentedExampleSignsToTheDocumentedValue() {
        byte[] body = "{\"event\":\"webhook.test\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(Signature.v1("example-secret-0123456789", 1777971600L, body))
                .isEqualTo("v1=38c44d2d83395b5f9663db80266403256c5241cd86df79400dc3877c5d3f416e");
    }
}
