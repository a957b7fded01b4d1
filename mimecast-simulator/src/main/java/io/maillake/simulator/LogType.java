package io.maillake.simulator;

import java.util.Locale;
import java.util.Optional;

/**
 * The three TTP log endpoints the simulator serves (API.md section 2). The simulator's own enum:
 * it deliberately shares nothing with the client module.
 */
public enum LogType {
    URL("url", "/api/ttp/url/get-logs", "clickLogs", "URL Protection"),
    IMPERSONATION("impersonation", "/api/ttp/impersonation/get-logs", "impersonationLogs", "Impersonation Protection"),
    ATTACHMENT("attachment", "/api/ttp/attachment/get-logs", "attachmentLogs", "Attachment Protection");

    private final String wireName;
    private final String path;
    private final String arrayName;
    private final String product;

    LogType(String wireName, String path, String arrayName, String product) {
        this.wireName = wireName;
        this.path = path;
        this.arrayName = arrayName;
        this.product = product;
    }

    /** Short lower-case name used by the admin API and the command line: url, impersonation, attachment. */
    public String wireName() {
        return wireName;
    }

    /** Request path of the endpoint, identical for API 1.0 and 2.0. */
    public String path() {
        return path;
    }

    /** Name of the record array inside {@code data[0]} of a response. */
    public String arrayName() {
        return arrayName;
    }

    /**
     * The admin permission the endpoint requires, spelled as Mimecast's endpoint pages name it
     * (API.md 2): {@code Monitoring | URL Protection | Read} and so on.
     */
    public String permission() {
        return "Monitoring | " + product + " | Read";
    }

    public static Optional<LogType> byPath(String path) {
        for (LogType t : values()) {
            if (t.path.equals(path)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Accepts the wire name or the constant name, case-insensitively. */
    public static Optional<LogType> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (LogType t : values()) {
            if (t.wireName.equals(n) || t.name().toLowerCase(Locale.ROOT).equals(n)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
