package io.maillake.reliability;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for one test, to fill up and remount. Needs root and {@code mount}; tests skip
 * (JUnit assumption) where either is missing, e.g. on a developer's laptop.
 */
final class Tmpfs implements AutoCloseable {
    final Path dir;
    private final Path ballast;

    private Tmpfs(Path dir) {
        this.dir = dir;
        this.ballast = dir.resolve("ballast");
    }

    /** Mounts a tmpfs of {@code megabytes} at a new directory under {@code parent}, or skips the test. */
    static Tmpfs mount(Path parent, int megabytes) throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Path dir = Files.createDirectories(parent.resolve("tmpfs"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs", dir.toString()) == 0,
                "cannot mount a tmpfs here");
        return new Tmpfs(dir);
    }

    /** Remounts with other options, e.g. {@code ro}, {@code rw}, {@code size=64m}; false if the kernel refused (busy). */
    boolean remount(String options) {
        return run("mount", "-o", "remount," + options, dir.toString()) == 0;
    }

    long usable() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** Fills the file system with a ballast file until only about {@code freeBytes} are left. */
    void leaveFree(long freeBytes) throws IOException {
        long toWrite = usable() - freeBytes;
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(ballast, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (toWrite > 0) {
                int n = (int) Math.min(chunk.length, toWrite);
                out.write(chunk, 0, n);
                toWrite -= n;
            }
        } catch (IOException full) {
            // full already: that is the point
        }
    }

    /** Gives the space back. */
    void dropBallast() throws IOException {
        Files.deleteIfExists(ballast);
    }

    @Override
    public void close() {
        run("mount", "-o", "remount,rw", dir.toString());
        if (run("umount", dir.toString()) != 0) run("umount", "-l", dir.toString());
    }

    static int run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            if (p.exitValue() != 0) System.err.println(String.join(" ", List.of(command)) + ": " + output.strip());
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
