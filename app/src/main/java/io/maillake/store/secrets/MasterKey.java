package io.maillake.store.secrets;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The 256-bit key that seals secrets at rest. From {@code MAILLAKE_MASTER_KEY} (base64 of 32 bytes)
 * when set; otherwise from {@code master.key} in the data directory, generated on first use and
 * readable by its owner alone. Its {@link #toString()} shows nothing.
 */
public final class MasterKey {
    public static final String ENV = "MAILLAKE_MASTER_KEY";
    public static final String FILE_NAME = "master.key";
    private static final int BYTES = 32;

    private final byte[] key;
    private final String source;

    private MasterKey(byte[] key, String source) {
        this.key = key;
        this.source = source;
    }

    /**
     * @throws SecretsException naming what is wrong and how to fix it
     */
    public static MasterKey load(Path dataDir, Map<String, String> env) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new MasterKey(decode(fromEnv.trim(), ENV), "environment variable " + ENV);
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) create(file);
            checkOwnerOnly(file);
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return new MasterKey(decode(text, file.toString()), file.toString());
        } catch (IOException e) {
            throw new SecretsException("cannot read or create the master key file " + file + ": " + e.getMessage());
        }
    }

    /** For tests and tools: a key from bytes. */
    public static MasterKey of(byte[] bytes) {
        if (bytes.length != BYTES) throw new IllegalArgumentException("a master key has 32 bytes");
        return new MasterKey(bytes.clone(), "bytes");
    }

    byte[] bytes() { return key.clone(); }

    /** Where the key came from (never the key). */
    public String source() { return source; }

    private static byte[] decode(String base64, String where) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SecretsException(where + " is not base64: it must hold 32 random bytes in base64 "
                    + "(generate one with: openssl rand -base64 32)");
        }
        if (bytes.length != BYTES) {
            throw new SecretsException(where + " holds " + bytes.length + " bytes; it must hold 32 random bytes in base64 "
                    + "(generate one with: openssl rand -base64 32)");
        }
        return bytes;
    }

    /**
     * Writes a new key to a private temporary file, then links it into place: linking fails if the
     * key exists, so two processes starting at once end up with the same key.
     */
    private static void create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] bytes = new byte[BYTES];
        new SecureRandom().nextBytes(bytes);
        Path tmp = file.resolveSibling(FILE_NAME + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        if (supportsPosix(file)) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        } else {
            Files.createFile(tmp);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap((Base64.getEncoder().encodeToString(bytes) + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        Arrays.fill(bytes, (byte) 0);
        try {
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException raced) {
            // another process created the key first: use theirs
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void checkOwnerOnly(Path file) throws IOException {
        if (!supportsPosix(file)) return;
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        Set<PosixFilePermission> open = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        open.retainAll(perms);
        if (!open.isEmpty()) {
            throw new SecretsException("the master key file " + file + " can be read by others (" + PosixFilePermissions.toString(perms)
                    + "): make it readable by its owner only with: chmod 600 " + file);
        }
    }

    private static boolean supportsPosix(Path file) {
        return Files.getFileAttributeView(file.toAbsolutePath().getParent(), PosixFileAttributeView.class) != null;
    }

    @Override public String toString() { return "MasterKey[" + source + "]"; }
}
