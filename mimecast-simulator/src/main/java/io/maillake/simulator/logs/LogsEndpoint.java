package io.maillake.simulator.logs;

import io.maillake.simulator.LogType;
import io.maillake.simulator.SimulatorConfig;
import io.maillake.simulator.http.ErrorBodies;
import io.maillake.simulator.http.ErrorCodes;
import io.maillake.simulator.http.FailKey;
import io.maillake.simulator.http.Reply;
import io.maillake.simulator.json.ByteSink;
import io.maillake.simulator.json.LenientJson;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;

/**
 * The three TTP get-logs endpoints for an authenticated account: parses the envelope, starts a
 * query or resumes one from its token, and writes the page envelope of API.md 2.3 around the
 * records. A token is honoured only by the account and endpoint it was issued for; when a token
 * is given, {@code data} is ignored (the token holds the filters). Thread-safe.
 */
public final class LogsEndpoint {
    private final PageServer pages;
    private final PageTokenCodec tokens;
    private final int defaultPageSize;
    private final boolean toInclusive;

    public LogsEndpoint(PageServer pages, PageTokenCodec tokens, SimulatorConfig config) {
        this.pages = pages;
        this.tokens = tokens;
        this.defaultPageSize = config.defaultPageSize();
        this.toInclusive = config.toInclusive();
    }

    public Reply handle(int account, LogType type, byte[] body, Instant now) {
        Object parsed;
        try {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            parsed = text.isEmpty() ? null : LenientJson.parse(text);
        } catch (LenientJson.SyntaxException e) {
            return ErrorBodies.fail(400, ErrorCodes.BODY_MALFORMED, "The request body is not valid JSON: " + e.getMessage(), false);
        }
        try {
            LogRequestParser.Envelope env = LogRequestParser.envelope(parsed);
            LogQuery query;
            Position start = null;
            int pageSize;
            if (env.pageToken() != null) {
                PageToken token = decode(env.pageToken(), account, type);
                query = token.query();
                start = token.position();
                pageSize = env.pageSize() != null ? env.pageSize() : token.pageSize();
            } else {
                query = LogRequestParser.query(account, type, env.filters(), now, toInclusive);
                pageSize = env.pageSize() != null ? env.pageSize() : defaultPageSize;
            }
            return page(query, start, pageSize);
        } catch (ValidationException e) {
            // Mimecast reports a failure against the data[] item it concerns (API.md 4.2)
            return ErrorBodies.fail(400, e.code, e.getMessage(), false, e.field, FailKey.of(parsed));
        }
    }

    private PageToken decode(String text, int account, LogType type) throws ValidationException {
        PageToken token;
        try {
            token = tokens.decode(text);
        } catch (PageTokenCodec.InvalidTokenException e) {
            throw new ValidationException(ErrorCodes.PAGE_TOKEN_INVALID, "pageToken", e.getMessage());
        }
        if (token.query().account() != account) {
            throw new ValidationException(ErrorCodes.PAGE_TOKEN_INVALID, "pageToken", "pageToken belongs to another account");
        }
        if (token.query().type() != type) {
            throw new ValidationException(ErrorCodes.PAGE_TOKEN_INVALID, "pageToken", "pageToken belongs to another endpoint");
        }
        return token;
    }

    private Reply page(LogQuery query, Position start, int pageSize) {
        ByteSink records = SINKS.poll();
        if (records == null) records = new ByteSink(500 * 700 + 64);
        try {
            return page(query, start, pageSize, records);
        } finally {
            records.reset();
            if (records.array().length <= MAX_POOLED_BYTES) SINKS.offer(records);
        }
    }

    /**
     * Buffers for a page's records, reused: each request runs on a virtual thread of its own, so a thread-local
     * would not be; without the pool, serving allocated each page twice over and the simulator's garbage took a
     * visible share of the ingest benchmark it runs in. A buffer grown beyond a few pages is left to the collector.
     */
    private static final java.util.concurrent.ConcurrentLinkedQueue<ByteSink> SINKS = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private static final int MAX_POOLED_BYTES = 4 << 20;

    private Reply page(LogQuery query, Position start, int pageSize, ByteSink records) {
        PageServer.PageResult result = pages.page(query, start, pageSize, records);
        ByteSink head = new ByteSink(256);
        head.ascii("{\"meta\":{\"status\":200,\"pagination\":{\"pageSize\":").number(pageSize);
        if (result.next() != null) {
            head.ascii(",\"next\":").string(tokens.encode(new PageToken(query, result.next(), pageSize)));
        }
        head.ascii("}},\"data\":[{\"").ascii(query.type().arrayName()).ascii("\":[");
        String tail = query.type() == LogType.IMPERSONATION
                ? "],\"resultCount\":" + result.count() + "}],\"fail\":[]}"
                : "]}],\"fail\":[]}";
        byte[] tailBytes = tail.getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length() + records.length() + tailBytes.length];
        System.arraycopy(head.array(), 0, body, 0, head.length());
        System.arraycopy(records.array(), 0, body, head.length(), records.length());
        System.arraycopy(tailBytes, 0, body, head.length() + records.length(), tailBytes.length);
        return new Reply(200, Reply.JSON, body, new LinkedHashMap<>(), result.count());
    }
}
