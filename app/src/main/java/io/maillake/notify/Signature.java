package io.maillake.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a notification is signed when its webhook has a secret, so that a receiver can check it came
 * from this Maillake, unaltered and recent: HMAC-SHA256 keyed with the secret's UTF-8 bytes, over the
 * timestamp of {@value #TIMESTAMP_HEADER} (decimal Unix seconds), a full stop, and the body's bytes;
 * sent as {@code X-Maillake-Signature: v1=<64 lower-case hex digits>}. Signing the timestamp lets a
 * receiver refuse replays of an old notification; {@code v1=} leaves room for another scheme beside it.
 * The same construction as Stripe's and Slack's webhooks, so receivers know it.
 */
final class Signature {
    static final String TIMESTAMP_HEADER = "X-Maillake-Timestamp";
    static final String SIGNATURE_HEADER = "X-Maillake-Signature";

    private Signature() { }

    static String v1(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
