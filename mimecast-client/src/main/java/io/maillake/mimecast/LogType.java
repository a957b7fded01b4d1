package io.maillake.mimecast;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Mimecast TTP log endpoints Maillake collects. Paths, record arrays and the admin permission
 * each needs are from Mimecast's endpoint reference (see API.md section 2).
 */
public enum LogType {
    URL("url", "/api/ttp/url/get-logs", "clickLogs", "date",
            "Monitoring | URL Protection | Read"),
    IMPERSONATION("impersonation", "/api/ttp/impersonation/get-logs", "impersonationLogs", "eventTime",
            "Monitoring | Impersonation Protection | Read"),
    ATTACHMENT("attachment", "/api/ttp/attachment/get-logs", "attachmentLogs", "date",
            "Monitoring | Attachment Protection | Read");

    private final String id;
    private final String path;
    private final String recordArray;
    private final String timeField;
    private final String permission;

    LogType(String id, String path, String recordArray, String timeField, String permission) {
        this.id = id;
        this.path = path;
        this.recordArray = recordArray;
        this.timeField = timeField;
        this.permission = permission;
    }

    /** The short name used in configuration, the CLI and the lake's {@code log_type} column. */
    public String id() { return id; }

    /** The endpoint path, identical for API 1.0 and 2.0; also the {@code uri} signed by API 1.0. */
    public String path() { return path; }

    /** The array inside {@code data[0]} that holds the records. */
    public String recordArray() { return recordArray; }

    /** The record field holding the event time. */
    public String timeField() { return timeField; }

    /** The role permission the Mimecast service user (or API 2.0 application) needs. */
    public String permission() { return permission; }

    /** Parses a log type id ({@code url}, {@code impersonation}, {@code attachment}), case-insensitively. */
    public static Optional<LogType> fromId(String id) {
        if (id == null) return Optional.empty();
        String wanted = id.trim();
        return Arrays.stream(values()).filter(t -> t.id.equalsIgnoreCase(wanted)).findFirst();
    }
}
