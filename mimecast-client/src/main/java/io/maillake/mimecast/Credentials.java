package io.maillake.mimecast;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Credentials of one Mimecast integration: API 1.0 keys or API 2.0 client credentials.
 * {@link #toString()} never shows a secret.
 */
public sealed interface Credentials permits Credentials.Api1, Credentials.Api2 {

    /** Which API generation these credentials belong to. */
    ApiGeneration generation();

    /**
     * Identifies whose rate-limit quota a call spends. Mimecast limits API 1.0 per user (the
     * access key's binding) and API 2.0 per registered application (the client ID), not per
     * endpoint, so every log type collected with the same credentials shares one budget.
     * The key is a digest, so it can be logged and used as a map key without exposing anything.
     */
    String quotaKey();

    /** API 1.0: application ID and key identify the app; access and secret key the service user's binding. */
    record Api1(String appId, String appKey, String accessKey, String secretKey) implements Credentials {
        public Api1 {
            Objects.requireNonNull(appId, "appId");
            Objects.requireNonNull(appKey, "appKey");
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(secretKey, "secretKey");
        }

        @Override public ApiGeneration generation() { return ApiGeneration.API_1; }

        @Override public String quotaKey() { return "api1:" + digest(accessKey); }

        @Override public String toString() {
            return "Api1[appId=" + appId + ", appKey=***, accessKey=***, secretKey=***]";
        }
    }

    /** API 2.0: OAuth 2.0 client credentials. */
    record Api2(String clientId, String clientSecret) implements Credentials {
        public Api2 {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
        }

        @Override public ApiGeneration generation() { return ApiGeneration.API_2; }

        @Override public String quotaKey() { return "api2:" + digest(clientId); }

        @Override public String toString() { return "Api2[clientId=" + clientId + ", clientSecret=***]"; }
    }

    private static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
