package io.maillake.mimecast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the repository's shared test data ({@code testdata/} at the root, one level above each module). */
public final class TestData {
    private TestData() { }

    public static Path path(String relative) {
        Path p = Path.of("..", "testdata", relative);
        if (!Files.exists(p)) throw new IllegalStateException("missing test data " + p.toAbsolutePath());
        return p;
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
