package io.maillake.simulator.gen;

import io.maillake.simulator.json.ByteSink;

import java.nio.charset.StandardCharsets;

/**
 * Writes the records of one log type. A record is a pure function of its content seed: the
 * writer first draws the {@link EventHead} (filterable attributes) from the stream, then the rest.
 * Field order follows Mimecast's documentation and samples. Implementations are stateless.
 */
abstract sealed class RecordWriter permits ClickLogWriter, AttachmentLogWriter, ImpersonationLogWriter {

    /** Draws the head from a fresh stream; {@link #body} continues the same stream. */
    abstract int head(Rng r);

    /** Writes the record's JSON object; {@code date} is the quoted timestamp of {@code second}. */
    abstract void body(ByteSink out, AccountProfile p, Rng r, int head, byte[] date, long second);

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] q(String s) {
        return ByteSink.quoted(s);
    }

    static byte[][] q(String[] values) {
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = q(values[i]);
        }
        return out;
    }

    /** Quoted strings without their closing quote, to be completed with a random suffix. */
    static byte[][] openQuoted(String[] values) {
        byte[][] out = q(values);
        for (int i = 0; i < out.length; i++) {
            out[i] = java.util.Arrays.copyOf(out[i], out[i].length - 1);
        }
        return out;
    }

    static <T> T pick(Rng r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    private static final String[] BAD_SENDER_WORDS = java.util.Arrays.stream(Vocabulary.BAD_SENDER_DOMAINS)
            .map(d -> d.substring(0, d.indexOf('.'))).toArray(String[]::new);

    /**
     * A quoted sender on a throw-away domain made for one message, such as
     * {@code "billing@invoice-portal-3fa9c2d1.test"}: malicious mail comes from fresh domains, so the
     * background never repeats a malicious sender domain (a campaign is always a planted one).
     */
    static void freshBadSender(ByteSink out, Rng r) {
        out.put((byte) '"').ascii(r.pick(Vocabulary.EXTERNAL_LOCAL)).put((byte) '@');
        freshBadDomain(out, r);
        out.put((byte) '"');
    }

    /** A throw-away domain such as {@code invoice-portal-3fa9c2d1.test}, unquoted. */
    static void freshBadDomain(ByteSink out, Rng r) {
        out.ascii(r.pick(BAD_SENDER_WORDS)).put((byte) '-').hex(r.nextLong(), 8).ascii(".test");
    }

    /** A quoted SHA-256 (64 hex digits) drawn from {@code r}. */
    static void hash(ByteSink out, Rng r) {
        out.put((byte) '"').hex(r.nextLong(), 16).hex(r.nextLong(), 16).hex(r.nextLong(), 16).hex(r.nextLong(), 16)
                .put((byte) '"');
    }

    /** A Message-ID such as {@code "<5f3c9a0e1b2d4c6a-84213@mail.gmail.example>"}. */
    static void messageId(ByteSink out, Rng r, byte[][] hosts) {
        out.put((byte) '"').put((byte) '<').hex(r.nextLong(), 16).put((byte) '-').number(r.nextInt(1_000_000))
                .put((byte) '@');
        byte[] host = pick(r, hosts);
        out.put(host, 1, host.length - 2).put((byte) '>').put((byte) '"');
    }
}
