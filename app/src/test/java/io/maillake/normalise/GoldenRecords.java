package io.maillake.normalise;

import io.maillake.mimecast.LogType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The golden records under {@code src/test/resources/golden/<log type>/NAME.raw.json}, each beside its {@code NAME.row.json}. */
public final class GoldenRecords {
    public static final Path ROOT = Path.of("src", "test", "resources", "golden");

    /** One golden record: its raw text, exactly as Mimecast would send it, and where its expected row lives. */
    public record Golden(LogType type, String name, String raw, Path expectedRow) {
        @Override public String toString() { return type.id() + "/" + name; }
    }

    private GoldenRecords() { }

    public static List<Golden> all() {
        List<Golden> out = new ArrayList<>();
        for (LogType type : LogType.values()) {
            Path dir = ROOT.resolve(type.id());
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.getFileName().toString().endsWith(".raw.json")).sorted().forEach(p -> {
                    String name = p.getFileName().toString().replace(".raw.json", "");
                    out.add(new Golden(type, name, read(p), dir.resolve(name + ".row.json")));
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
