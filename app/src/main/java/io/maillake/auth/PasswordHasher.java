package io.maillake.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}),
 * so the parameters travel with each hash and can be raised later. Thread-safe.
 */
public final class PasswordHasher {
    /**
     * OWASP Password Storage Cheat Sheet, first Argon2id option: 19 MiB, 2 passes, 1 lane. About
     * 30-60 ms on one core of the machines we run on: slow for an attacker, quick for a login.
     */
    public static final Params DEFAULT = new Params(19 * 1024, 2, 1);

    /** Hashes running at once; each holds {@code m} KiB, so a flood of logins cannot exhaust memory or cores. */
    private static final int CONCURRENT_HASHES = 2;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /** Argon2id cost: memory in KiB, passes, lanes. */
    public record Params(int memoryKib, int iterations, int parallelism) { }

    private final Params params;
    private final SecureRandom random = new SecureRandom();
    private final Semaphore slots = new Semaphore(CONCURRENT_HASHES, true);
    /** Verified when a login names no user, so that answer takes as long as a wrong password. */
    private final String decoy;

    public PasswordHasher(Params params) {
        this.params = params;
        this.decoy = hash("decoy password " + random.nextLong());
    }

    public PasswordHasher() {
        this(DEFAULT);
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, params, HASH_BYTES);
        return "$argon2id$v=19$m=" + params.memoryKib() + ",t=" + params.iterations() + ",p=" + params.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** Whether {@code password} matches {@code encoded}; false for a malformed hash. Constant time in the comparison. */
    public boolean verify(String password, String encoded) {
        if (password == null || encoded == null) return false;
        Matcher m = PHC.matcher(encoded);
        if (!m.matches()) return false;
        Params p = new Params(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        byte[] salt = B64D.decode(m.group(4));
        byte[] expected = B64D.decode(m.group(5));
        byte[] actual = derive(password, salt, p, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Spends the time of one verification, for a login that names no user. */
    public void verifyDecoy(String password) {
        verify(password == null ? "" : password, decoy);
    }

    /** Whether a stored hash was made with weaker parameters than today's, and should be replaced at the next login. */
    public boolean needsRehash(String encoded) {
        Matcher m = PHC.matcher(encoded == null ? "" : encoded);
        if (!m.matches()) return true;
        return Integer.parseInt(m.group(1)) < params.memoryKib() || Integer.parseInt(m.group(2)) < params.iterations();
    }

    private byte[] derive(String password, byte[] salt, Params p, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKib()).withIterations(p.iterations()).withParallelism(p.parallelism())
                .withSalt(salt).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        slots.acquireUninterruptibly();
        try {
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        } finally {
            slots.release();
        }
        return out;
    }
}
