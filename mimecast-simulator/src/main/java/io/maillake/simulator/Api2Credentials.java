package io.maillake.simulator;

/** API 2.0 (OAuth 2.0 client credentials) of one simulated account. {@link #toString()} masks the secret. */
public record Api2Credentials(String clientId, String clientSecret) {
    @Override
    public String toString() {
        return "Api2Credentials[clientId=" + clientId + ", clientSecret=***]";
    }
}
