package io.maillake.simulator.logs;

import io.maillake.simulator.LogType;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Opaque page tokens: a binary layout, authenticated with HMAC-SHA256 (truncated to 16 bytes)
 * under a server-side key, in URL-safe base64. A forged or altered token fails to decode. The key
 * derives from the seed, so a restarted simulator with the same seed accepts old tokens (of the
 * same layout version). The layout is fixed apart from the impersonation query text at its end.
 * Thread-safe.
 */
public final class PageTokenCodec {
    /** 2: the impersonation search (identifiers, actions, searchField, query) was added after the fixed part. */
    private static final byte VERSION = 2;
    private static final int FIXED = 1 + 4 + 1 + 1 + 1 + 1 + 1 + 8 + 8 + 8 + 8 + 4 + 4 + 4 + 4 + 1 + 4;
    private static final int MAC_BYTES = 16;
    private static final ImpersonationSearch.SearchField[] FIELDS = ImpersonationSearch.SearchField.values();

    private final SecretKeySpec key;

    public PageTokenCodec(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** Thrown for a token that was not issued by this server (or is damaged). */
    public static final class InvalidTokenException extends Exception {
        InvalidTokenException(String message) {
            super(message);
        }
    }

    public String encode(PageToken t) {
        LogQuery q = t.query();
        ImpersonationSearch search = q.search();
        byte[] query = search.query() == null ? new byte[0] : search.query().getBytes(StandardCharsets.UTF_8);
        int payload = FIXED + query.length;
        ByteBuffer b = ByteBuffer.allocate(payload + MAC_BYTES);
        b.put(VERSION).putInt(q.account()).put((byte) q.type().ordinal()).put((byte) (q.oldestFirst() ? 1 : 0))
                .put((byte) q.filter().routeMask()).put((byte) q.filter().verdictMask()).put((byte) q.filter().taggedMask())
                .putLong(q.fromSecond()).putLong(q.toSecond()).putLong(q.snapshotMillis())
                .putLong(t.position().second()).putInt(t.position().index()).putInt(t.pageSize())
                .putInt(search.identifierMask()).putInt(search.actionMask())
                .put((byte) (search.field() == null ? 0 : search.field().ordinal() + 1)).putInt(query.length).put(query);
        b.put(mac(b.array(), payload), 0, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    public PageToken decode(String token) throws InvalidTokenException {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("pageToken is not a token issued by this server");
        }
        int payload = raw.length - MAC_BYTES;
        if (payload < FIXED || raw[0] != VERSION
                || !MessageDigest.isEqual(Arrays.copyOf(mac(raw, payload), MAC_BYTES), Arrays.copyOfRange(raw, payload, raw.length))) {
            throw new InvalidTokenException("pageToken is not a token issued by this server");
        }
        ByteBuffer b = ByteBuffer.wrap(raw, 1, payload - 1);
        int account = b.getInt();
        int type = b.get();
        boolean oldestFirst = b.get() == 1;
        EventFilter filter = new EventFilter(b.get() & 0xFF, b.get() & 0xFF, b.get() & 0xFF);
        long from = b.getLong();
        long to = b.getLong();
        long snapshot = b.getLong();
        Position position = new Position(b.getLong(), b.getInt());
        int pageSize = b.getInt();
        int identifiers = b.getInt();
        int actions = b.getInt();
        int field = b.get();
        int queryLength = b.getInt();
        if (type < 0 || type >= LogType.values().length || field < 0 || field > FIELDS.length
                || queryLength != b.remaining() || (field == 0) != (queryLength == 0)) {
            throw new InvalidTokenException("pageToken is not a token issued by this server");
        }
        String query = field == 0 ? null : new String(raw, b.position(), queryLength, StandardCharsets.UTF_8);
        ImpersonationSearch search = new ImpersonationSearch(field == 0 ? null : FIELDS[field - 1], query, identifiers, actions);
        return new PageToken(new LogQuery(account, LogType.values()[type], from, to, filter, search, oldestFirst, snapshot),
                position, pageSize);
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
