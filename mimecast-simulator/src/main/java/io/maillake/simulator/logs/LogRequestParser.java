package io.maillake.simulator.logs;

import io.maillake.simulator.LogType;
import io.maillake.simulator.gen.DateText;
import io.maillake.simulator.gen.EventHead;
import io.maillake.simulator.http.ErrorCodes;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the request envelope of API.md 2.1 and the filters of 2.2 from a parsed body. Lenient
 * where clients are known to differ ({@code pageSize} as a number or a numeric string, booleans
 * as strings, {@code data} missing on follow-up pages), strict on values.
 */
final class LogRequestParser {
    /** The envelope: page size (null = not given), page token (null = first page), and the filter object. */
    record Envelope(Integer pageSize, String pageToken, Map<?, ?> filters) {
    }

    private LogRequestParser() {
    }

    static Envelope envelope(Object body) throws ValidationException {
        if (body == null) {
            return new Envelope(null, null, Map.of());
        }
        if (!(body instanceof Map<?, ?> root)) {
            throw new ValidationException(ErrorCodes.BODY_MALFORMED, null, "The request body must be an object");
        }
        Map<?, ?> pagination = map(map(root.get("meta"), "meta").get("pagination"), "meta.pagination");
        Integer pageSize = pageSize(pagination.get("pageSize"));
        Object token = pagination.get("pageToken");
        if (token != null && !(token instanceof String)) {
            throw new ValidationException(ErrorCodes.PAGE_TOKEN_INVALID, "pageToken", "pageToken must be a string");
        }
        String pageToken = token == null || ((String) token).isBlank() ? null : (String) token;
        Object data = root.get("data");
        Map<?, ?> filters;
        if (data == null) {
            filters = Map.of();
        } else if (data instanceof List<?> list) {
            filters = list.isEmpty() ? Map.of() : map(list.getFirst(), "data[0]");
        } else {
            filters = map(data, "data");
        }
        return new Envelope(pageSize, pageToken, filters);
    }

    /** Builds the query of a first page from {@code data[0]}; the snapshot is {@code now}. */
    static LogQuery query(int account, LogType type, Map<?, ?> f, Instant now, boolean toInclusive) throws ValidationException {
        Instant from = date(f.get("from"), "from", now.truncatedTo(ChronoUnit.DAYS));
        Instant to = date(f.get("to"), "to", now);
        if (from.isAfter(to)) {
            throw new ValidationException(ErrorCodes.DATE_RANGE, "from", "from must not be after to");
        }
        boolean oldestFirst = bool(f.get("oldestFirst"), "oldestFirst", false);
        EventFilter filter = switch (type) {
            case URL -> new EventFilter(route(f.get("route")),
                    choice(f.get("scanResult"), "scanResult", new String[] {"clean", "malicious"},
                            new int[] {1 << EventHead.CLEAN, 1 << EventHead.MALICIOUS}), 0b11);
            case ATTACHMENT -> new EventFilter(route(f.get("route")),
                    choice(f.get("result"), "result",
                            new String[] {"safe", "clean", "malicious", "unsafe", "timeout", "error", "unknown"},
                            new int[] {1 << EventHead.SAFE, 1 << EventHead.SAFE, 1 << EventHead.MALICIOUS,
                                    1 << EventHead.MALICIOUS, 1 << EventHead.TIMEOUT, 1 << EventHead.ERROR, 0}), 0b11);
            case IMPERSONATION -> {
                Object tagged = f.get("taggedMalicious");
                int mask = tagged == null ? 0b11 : bool(tagged, "taggedMalicious", false) ? 0b10 : 0b01;
                yield new EventFilter(0b111, 0xFF, mask);
            }
        };
        ImpersonationSearch search = type == LogType.IMPERSONATION ? search(f) : ImpersonationSearch.NONE;
        long toSecond = to.getEpochSecond() + (toInclusive ? 1 : 0);
        return new LogQuery(account, type, from.getEpochSecond(), toSecond, filter, search, oldestFirst, now.toEpochMilli());
    }

    /**
     * {@code searchField}, {@code query}, {@code identifiers} and {@code actions} of the impersonation
     * endpoint (API.md 2.2). A query without searchField searches {@code all}; searchField without a
     * query is refused. A blank searchField counts as absent, and so does a blank query without
     * searchField. Values are matched case-insensitively. Unknown searchField and identifier values are
     * refused: API.md lists them from Mimecast's docs. Unknown actions are accepted and match nothing,
     * since API.md marks the action list's completeness unverified. An empty list filters nothing.
     */
    private static ImpersonationSearch search(Map<?, ?> f) throws ValidationException {
        ImpersonationSearch.SearchField field = searchField(f.get("searchField"));
        String query = query(f.get("query"), field != null);
        if (query != null && field == null) {
            field = ImpersonationSearch.SearchField.ALL;
        }
        int identifiers = mask(f.get("identifiers"), "identifiers", ImpersonationSearch.IDENTIFIERS, true);
        int actions = mask(f.get("actions"), "actions", ImpersonationSearch.ACTIONS, false);
        return new ImpersonationSearch(field, query, identifiers, actions);
    }

    private static ImpersonationSearch.SearchField searchField(Object v) throws ValidationException {
        if (v == null || v instanceof String s && s.isBlank()) {
            return null;
        }
        ImpersonationSearch.SearchField field = v instanceof String s ? ImpersonationSearch.SearchField.byName(s.trim()) : null;
        if (field == null) {
            throw new ValidationException(ErrorCodes.INVALID_VALUE, "searchField",
                    "searchField must be one of senderAddress, recipientAddress, subject, policy, all");
        }
        return field;
    }

    /** The query, or null when none is given (refused if {@code required}). */
    private static String query(Object v, boolean required) throws ValidationException {
        if (v != null && !(v instanceof String)) {
            throw new ValidationException(ErrorCodes.INVALID_VALUE, "query", "query must be a string");
        }
        String s = (String) v;
        if (s == null && required) {
            throw new ValidationException(ErrorCodes.VALIDATION_NULL, "query", "query is required when searchField is set");
        }
        if (s != null && s.isBlank()) {
            if (required) {
                throw new ValidationException(ErrorCodes.VALIDATION_BLANK, "query", "query must not be blank when searchField is set");
            }
            return null;
        }
        return s;
    }

    /** Bit mask over {@code known} of a string array; absent or empty = {@link ImpersonationSearch#ANY}. */
    private static int mask(Object v, String field, List<String> known, boolean strict) throws ValidationException {
        if (v == null || v instanceof List<?> l && l.isEmpty()) {
            return ImpersonationSearch.ANY;
        }
        if (!(v instanceof List<?> list)) {
            throw new ValidationException(ErrorCodes.INVALID_VALUE, field, field + " must be an array of strings");
        }
        int mask = 0;
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw new ValidationException(ErrorCodes.INVALID_VALUE, field, field + " must be an array of strings");
            }
            int i = known.indexOf(s.trim().toLowerCase(Locale.ROOT));
            if (i >= 0) {
                mask |= 1 << i;
            } else if (strict) {
                throw new ValidationException(ErrorCodes.INVALID_VALUE, field,
                        field + " has an unknown value '" + s + "'; known: " + String.join(", ", known));
            }
        }
        return mask;
    }

    private static Integer pageSize(Object v) throws ValidationException {
        if (v == null) {
            return null;
        }
        long n;
        try {
            if (v instanceof Long l) {
                n = l;
            } else if (v instanceof BigDecimal d) {
                n = d.longValueExact();
            } else if (v instanceof String s) {
                n = Long.parseLong(s.trim());
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ValidationException(ErrorCodes.INVALID_VALUE, "pageSize", "pageSize must be a whole number");
        }
        if (n < 1) {
            throw new ValidationException(ErrorCodes.INVALID_VALUE, "pageSize", "pageSize must be at least 1");
        }
        return (int) Math.min(n, io.maillake.simulator.SimulatorConfig.MAX_PAGE_SIZE);
    }

    private static Instant date(Object v, String field, Instant fallback) throws ValidationException {
        if (v == null) {
            return fallback;
        }
        Instant parsed = v instanceof String s ? DateText.parse(s) : null;
        if (parsed == null) {
            throw new ValidationException(ErrorCodes.INVALID_DATE, field,
                    field + " must be a date like 2015-11-16T14:49:18+0000");
        }
        return parsed;
    }

    private static boolean bool(Object v, String field, boolean fallback) throws ValidationException {
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new ValidationException(ErrorCodes.INVALID_VALUE, field, field + " must be true or false");
    }

    private static int route(Object v) throws ValidationException {
        return choice(v, "route", new String[] {"inbound", "outbound", "internal"},
                new int[] {1 << EventHead.INBOUND, 1 << EventHead.OUTBOUND, 1 << EventHead.INTERNAL});
    }

    /** Mask of the named value; absent or "all" admits everything. */
    private static int choice(Object v, String field, String[] names, int[] masks) throws ValidationException {
        if (v == null) {
            return 0xFF;
        }
        String s = v instanceof String str ? str.trim().toLowerCase(Locale.ROOT) : "";
        if (s.equals("all")) {
            return 0xFF;
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(s)) {
                return masks[i];
            }
        }
        throw new ValidationException(ErrorCodes.INVALID_VALUE, field,
                field + " must be one of all, " + String.join(", ", names));
    }

    private static Map<?, ?> map(Object v, String field) throws ValidationException {
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw new ValidationException(ErrorCodes.BODY_MALFORMED, field, field + " must be an object");
    }
}
