package io.maillake.mimecast.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * API 1.0 request signing, exactly as Mimecast's authorization guide describes (API.md 1.2):
 * {@code base64(HMAC-SHA1(base64decode(secretKey), date + ":" + reqId + ":" + uri + ":" + appKey))}.
 * The {@code uri} is the path only; the secret key is decoded before use (using its text is a
 * common bug that Mimecast rejects).
 */
public final class Api1Signer {
    /**
     * {@code x-mc-date}: day zero-padded and the literal zone {@code UTC}. Not RFC_1123_DATE_TIME,
     * which writes {@code GMT} and an unpadded day; the signature covers the literal string.
     */
    public static final DateTimeFormatter MC_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.US).withZone(ZoneOffset.UTC);

    private final SecretKeySpec key;

    /**
     * @throws IllegalArgumentException if the secret key is not valid base64
     */
    public Api1Signer(String secretKeyBase64) {
        byte[] decoded = Base64.getDecoder().decode(secretKeyBase64.trim());
        this.key = new SecretKeySpec(decoded, "HmacSHA1");
    }

    public static String formatDate(Instant instant) {
        return MC_DATE.format(instant);
    }

    /** The signature (standard base64, 28 characters) for one request. */
    public String signature(String date, String requestId, String uri, String appKey) {
        String dataToSign = date + ":" + requestId + ":" + uri + ":" + appKey;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(dataToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is required by every Java platform", e);
        }
    }

    /** The {@code Authorization} header value: {@code MC accessKey:signature}. */
    public static String authorization(String accessKey, String signature) {
        return "MC " + accessKey + ":" + signature;
    }
}
