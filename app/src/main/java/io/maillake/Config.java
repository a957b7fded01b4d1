package io.maillake;

import io.maillake.collect.CollectSettings;
import io.maillake.domain.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Optional settings in {@code <data-dir>/maillake.properties}. Every key is documented here and in
 * the README; unknown keys and bad values are refused at start with a message naming the key.
 *
 * <pre>
 * collect.lookBack=PT24H        first run of a stream starts this far back
 * collect.settleLag=PT30S       windows end this long before now
 * collect.overlap=PT10M         late-arrival overlap: each stretch is read again once this old
 * collect.sweepEvery=PT5M       matured time gathered before a sweep
 * collect.maxWindow=PT1H        longest window of one query
 * collect.minWindow=PT10S       shorter fresh windows wait for the next poll
 * collect.batchRows=10000       events per lake commit
 * collect.batchAge=PT5S         longest wait before events are committed
 * collect.lagThreshold=PT15M    further behind than this shows DEGRADED
 * collect.runBudget=PT2M        longest a stream collects per round of serve
 * collect.pollInterval=PT1M     how often serve polls every stream
 * collect.maxConcurrentStreams=8
 * </pre>
 */
public final class Config {
    public static final String FILE_NAME = "maillake.properties";

    private record Key(String name, Function<String, Object> parse) { }

    private static final List<Key> KEYS = List.of(
            new Key("collect.lookBack", Config::duration), new Key("collect.settleLag", Config::duration),
            new Key("collect.overlap", Config::duration), new Key("collect.sweepEvery", Config::duration),
            new Key("collect.maxWindow", Config::duration), new Key("collect.minWindow", Config::duration),
            new Key("collect.batchRows", Config::positiveInt), new Key("collect.batchAge", Config::duration),
            new Key("collect.lagThreshold", Config::duration), new Key("collect.runBudget", Config::duration),
            new Key("collect.pollInterval", Config::duration), new Key("collect.maxConcurrentStreams", Config::positiveInt));

    private final Map<String, Object> values;

    private Config(Map<String, Object> values) {
        this.values = values;
    }

    public static Config empty() {
        return new Config(Map.of());
    }

    /**
     * @throws InvalidInputException naming every unknown key and bad value
     */
    public static Config load(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) return empty();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new InvalidInputException(FILE_NAME + ": cannot be read: " + e.getMessage());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String name : p.stringPropertyNames()) {
            Key key = KEYS.stream().filter(k -> k.name().equals(name)).findFirst().orElse(null);
            if (key == null) {
                problems.add(name + ": unknown setting in " + file + "; known: "
                        + String.join(", ", KEYS.stream().map(Key::name).toList()));
                continue;
            }
            try {
                values.put(name, key.parse().apply(p.getProperty(name).trim()));
            } catch (IllegalArgumentException e) {
                problems.add(name + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        return new Config(values);
    }

    /** The collector's settings: the defaults with this file's values over them. */
    public CollectSettings collectSettings() {
        CollectSettings d = CollectSettings.defaults();
        try {
            return new CollectSettings(dur("collect.lookBack", d.lookBack()), dur("collect.settleLag", d.settleLag()),
                    dur("collect.overlap", d.overlap()), dur("collect.sweepEvery", d.sweepEvery()),
                    dur("collect.maxWindow", d.maxWindow()), dur("collect.minWindow", d.minWindow()),
                    integer("collect.batchRows", d.batchRows()), dur("collect.batchAge", d.batchAge()),
                    dur("collect.lagThreshold", d.lagThreshold()), dur("collect.runBudget", d.runBudget()),
                    dur("collect.pollInterval", d.pollInterval()), integer("collect.maxConcurrentStreams", d.maxConcurrentStreams()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("collect: " + e.getMessage() + " (in " + FILE_NAME + ")");
        }
    }

    private Duration dur(String key, Duration fallback) {
        return (Duration) values.getOrDefault(key, fallback);
    }

    private int integer(String key, int fallback) {
        return (Integer) values.getOrDefault(key, fallback);
    }

    private static Object duration(String text) {
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative()) throw new IllegalArgumentException("must not be negative");
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as PT10M or PT24H");
        }
    }

    private static Object positiveInt(String text) {
        try {
            int v = Integer.parseInt(text);
            if (v < 1) throw new IllegalArgumentException("must be a positive whole number");
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a positive whole number");
        }
    }
}
