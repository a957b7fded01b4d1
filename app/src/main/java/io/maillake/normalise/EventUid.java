package io.maillake.normalise;

import io.maillake.mimecast.LogType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.JsonNode;

/**
 * The deterministic id of an event (DESIGN.md, Guarantees). Mimecast records carry no unique id and
 * identical records can be distinct events (two clicks in the same second), so the id is a hash of
 * the integration, the log type, the record's canonical text and its <em>ordinal</em>: the number of
 * identical records that came before it in the same second of the same read. The canonical form
 * ({@link CanonicalJson}) ignores member order, spacing and escaping. Re-reading a window
 * yields the same ids; a third identical click that arrives late gets ordinal 2, a new id.
 *
 * <p>128 bits of SHA-256, as 32 hex characters: collisions are out of reach at any volume a
 * deployment will hold (2^64 events for a coin-flip chance).
 */
public final class EventUid {
    private EventUid() { }

    /** Per thread: a digest and a canonicaliser, reused record after record (both are cheap to keep, costly to make). */
    private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(EventUid::sha256);
    private static final ThreadLocal<CanonicalJson> CANONICAL = ThreadLocal.withInitial(CanonicalJson::new);

    /** SHA-256 of the canonical record: identifies "identical" records, before the ordinal. */
    public static byte[] contentHash(String integrationId, LogType type, JsonNode record) {
        CanonicalJson canonical = CANONICAL.get();
        canonical.write(record);
        return contentHash(integrationId, type, canonical);
    }

    /** SHA-256 of the record whose canonical form {@code canonical} holds now. */
    static byte[] contentHash(String integrationId, LogType type, CanonicalJson canonical) {
        MessageDigest sha = SHA.get();
        sha.reset();
        sha.update(integrationId.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(type.id().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        canonical.digestInto(sha);
        return sha.digest();
    }

    /** The event uid for the {@code ordinal}-th (from 0) of identical records. */
    public static String of(byte[] contentHash, int ordinal) {
        MessageDigest sha = SHA.get();
        sha.reset();
        sha.update(contentHash);
        sha.update((byte) 0);
        sha.update(Integer.toString(ordinal).getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
