package io.maillake.simulator.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The API 1.0 request signature (API.md 1.2):
 * {@code base64(HMAC-SHA1(base64decode(secretKey), date + ":" + reqId + ":" + uri + ":" + appKey))},
 * where {@code uri} is the path only and {@code date} the literal x-mc-date header. Thread-safe.
 */
public final class Api1Signature {
    private Api1Signature() {
    }

    /** The expected signature; null if the secret key is not valid base64. */
    public static String expected(String secretKey, String date, String requestId, String uri, String appKey) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secretKey);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] digest = mac.doFinal((date + ":" + requestId + ":" + uri + ":" + appKey).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** Whether {@code signature} is the one expected for these inputs (constant-time compare). */
    public static boolean verify(String secretKey, String date, String requestId, String uri, String appKey, String signature) {
        String expected = expected(secretKey, date, requestId, uri, appKey);
        return expected != null && signature != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }
}
