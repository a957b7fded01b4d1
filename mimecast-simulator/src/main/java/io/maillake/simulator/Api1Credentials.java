package io.maillake.simulator;

/**
 * API 1.0 credentials of one simulated account: the application (ID and key, GUIDs) and the
 * binding of a service user (access key, a long URL-safe string, and secret key, standard base64
 * of 64 bytes). {@link #toString()} masks the secrets.
 */
public record Api1Credentials(String appId, String appKey, String accessKey, String secretKey) {
    @Override
    public String toString() {
        return "Api1Credentials[appId=" + appId + ", appKey=***, accessKey=" + accessKey.substring(0, 6) + "..., secretKey=***]";
    }
}
