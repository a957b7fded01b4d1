package io.maillake.simulator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

/** Test-only API 1.0 signer, written from API.md 1.2; deliberately not shared with the server code. */
final class TestSigner {
    static final DateTimeFormatter MC_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private TestSigner() {
    }

    static String date(Instant t) {
        return MC_DATE.format(t);
    }

    static String sign(String secretKeyBase64, String date, String requestId, String uri, String appKey) {
        return sign(Base64.getDecoder().decode(secretKeyBase64), date, requestId, uri, appKey);
    }

    static String sign(byte[] key, String date, String requestId, String uri, String appKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            String data = date + ":" + requestId + ":" + uri + ":" + appKey;
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
