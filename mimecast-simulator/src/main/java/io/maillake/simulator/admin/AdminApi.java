package io.maillake.simulator.admin;

import com.sun.net.httpserver.HttpExchange;
import io.maillake.simulator.LogType;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.fault.AccountState;
import io.maillake.simulator.fault.Fault;
import io.maillake.simulator.fault.FaultRule;
import io.maillake.simulator.fault.Faults;
import io.maillake.simulator.gen.DateText;
import io.maillake.simulator.http.Request;
import io.maillake.simulator.json.LenientJson;
import io.maillake.simulator.observe.RecordedRequest;
import io.maillake.simulator.observe.Stats;
import io.maillake.simulator.server.SimServer;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin API under {@code /_sim/}, for scripts and other processes. JSON in and out; errors
 * are {@code {"error":"..."}} with status 400 or 404. Not authenticated: bind to loopback.
 *
 * <pre>
 * GET    /_sim/health                          {"status":"ok"}
 * GET    /_sim/credentials                     the JSON the command line prints first
 * GET    /_sim/truth?account=0&amp;logType=url&amp;from=..&amp;to=..
 *                                              NDJSON ground truth of [from, to), oldest first
 * GET    /_sim/stats                           request, record and byte counters
 * DELETE /_sim/stats                           reset the counters
 * GET    /_sim/requests?limit=100              the last requests, oldest first
 * DELETE /_sim/requests                        clear the request log
 * GET    /_sim/faults                          rules and account states
 * POST   /_sim/faults                          add a rule, e.g. {"kind":"server_error","status":503,"times":2}
 * DELETE /_sim/faults                          clear every rule and account state
 * DELETE /_sim/faults/{id}                     remove one rule
 * POST   /_sim/accounts/{i}/state              {"bindingExpired":true,"wrongRegion":false,"deniedLogTypes":["url"]}
 * POST   /_sim/tokens/expire                   expire every OAuth token now
 * </pre>
 *
 * Rule fields: {@code kind} (server_error, rate_limited, fail_in_body, malformed_json,
 * truncated_length, truncated_chunked, slow_headers, trickled_body, drop_connection,
 * binding_expired, permission_denied, wrong_region, expire_tokens) with its parameters
 * ({@code status}; {@code resetMs}; {@code code}, {@code message}, {@code retryable};
 * {@code delayMs}; {@code chunks}, {@code pauseMs}), and the match: {@code account},
 * {@code logType}, {@code path}, {@code skip}, {@code times} (0 or absent = 1, -1 = unlimited),
 * {@code probability}.
 */
public final class AdminApi implements SimServer.AdminHandler {
    private static final Pattern ACCOUNT_STATE = Pattern.compile("/_sim/accounts/(\\d+)/state");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MimecastSimulator sim;

    public AdminApi(MimecastSimulator sim) {
        this.sim = sim;
    }

    /** A request the admin API refuses. */
    private static final class BadRequest extends Exception {
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    @Override
    public void handle(HttpExchange ex, Request req) throws IOException {
        try {
            route(ex, req);
        } catch (BadRequest e) {
            send(ex, e.status, Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            send(ex, 400, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private void route(HttpExchange ex, Request req) throws IOException, BadRequest {
        String path = req.path();
        String method = req.method().toUpperCase(Locale.ROOT);
        Faults faults = sim.faults();
        switch (method + " " + path) {
            case "GET /_sim/health" -> send(ex, 200, Map.of("status", "ok"));
            case "GET /_sim/credentials" -> sendRaw(ex, 200, sim.credentialsJson());
            case "GET /_sim/truth" -> truth(ex, query(req));
            case "GET /_sim/stats" -> send(ex, 200, stats(sim.stats()));
            case "DELETE /_sim/stats" -> {
                sim.stats().reset();
                send(ex, 200, Map.of("status", "ok"));
            }
            case "GET /_sim/requests" -> send(ex, 200, requests(query(req)));
            case "DELETE /_sim/requests" -> {
                sim.requests().clear();
                send(ex, 200, Map.of("status", "ok"));
            }
            case "GET /_sim/faults" -> send(ex, 200, faults());
            case "POST /_sim/faults" -> send(ex, 200, Map.of("id", faults.add(rule(body(req)))));
            case "DELETE /_sim/faults" -> {
                faults.clear();
                send(ex, 200, Map.of("status", "ok"));
            }
            case "POST /_sim/tokens/expire" -> {
                faults.expireAllTokens();
                send(ex, 200, Map.of("status", "ok"));
            }
            default -> {
                Matcher m = ACCOUNT_STATE.matcher(path);
                if (method.equals("POST") && m.matches()) {
                    send(ex, 200, state(Integer.parseInt(m.group(1)), body(req)));
                } else if (method.equals("DELETE") && path.startsWith("/_sim/faults/")) {
                    boolean removed = faults.remove(path.substring("/_sim/faults/".length()));
                    send(ex, removed ? 200 : 404, removed ? Map.of("status", "ok") : Map.of("error", "no such rule"));
                } else {
                    throw new BadRequest(404, "no admin endpoint " + method + " " + path);
                }
            }
        }
    }

    private void truth(HttpExchange ex, Map<String, String> q) throws IOException, BadRequest {
        int account = intParam(q, "account", 0);
        if (account < 0 || account >= sim.config().accounts()) {
            throw new BadRequest(400, "no account " + account);
        }
        LogType type = LogType.byName(q.get("logType")).orElseThrow(() -> new BadRequest(400, "logType must be url, impersonation or attachment"));
        Instant from = instant(q, "from");
        Instant to = instant(q, "to");
        ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), 64 * 1024)) {
            IOException[] failure = new IOException[1];
            sim.forEachTruth(account, type, from, to, e -> {
                if (failure[0] != null) {
                    return;
                }
                try {
                    out.write(e.json().getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                } catch (IOException io) {
                    failure[0] = io;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
    }

    private Map<String, Object> state(int account, Map<?, ?> body) throws BadRequest {
        if (account >= sim.config().accounts()) {
            throw new BadRequest(404, "no account " + account);
        }
        Faults faults = sim.faults();
        AccountState s = faults.state(account);
        boolean binding = body.containsKey("bindingExpired") ? Boolean.TRUE.equals(body.get("bindingExpired")) : s.bindingExpired();
        boolean region = body.containsKey("wrongRegion") ? Boolean.TRUE.equals(body.get("wrongRegion")) : s.wrongRegion();
        Set<LogType> denied = s.deniedLogTypes();
        if (body.get("deniedLogTypes") instanceof List<?> list) {
            Set<LogType> set = EnumSet.noneOf(LogType.class);
            for (Object o : list) {
                set.add(LogType.byName(String.valueOf(o)).orElseThrow(() -> new BadRequest(400, "unknown log type " + o)));
            }
            denied = set;
        }
        faults.setState(account, new AccountState(binding, denied, region));
        return stateJson(account, faults.state(account));
    }

    static FaultRule rule(Map<?, ?> b) throws BadRequest {
        String kind = str(b, "kind");
        if (kind == null) {
            throw new BadRequest(400, "kind is required");
        }
        Fault fault = switch (kind) {
            case "server_error" -> new Fault.ServerError((int) num(b, "status", 500));
            case "rate_limited" -> new Fault.RateLimited(Duration.ofMillis(num(b, "resetMs", 1000)));
            case "fail_in_body" -> new Fault.FailInBody(orElse(str(b, "code"), "err_injected_failure"),
                    orElse(str(b, "message"), "Injected failure"), Boolean.TRUE.equals(b.get("retryable")));
            case "malformed_json" -> new Fault.MalformedJson();
            case "truncated_length" -> new Fault.TruncatedBody(false);
            case "truncated_chunked" -> new Fault.TruncatedBody(true);
            case "slow_headers" -> new Fault.SlowHeaders(Duration.ofMillis(num(b, "delayMs", 1000)));
            case "trickled_body" -> new Fault.TrickledBody((int) num(b, "chunks", 10), Duration.ofMillis(num(b, "pauseMs", 100)));
            case "drop_connection" -> new Fault.DropConnection();
            case "binding_expired" -> new Fault.BindingExpired();
            case "permission_denied" -> new Fault.PermissionDenied();
            case "wrong_region" -> new Fault.WrongRegion();
            case "expire_tokens" -> new Fault.ExpireTokens();
            default -> throw new BadRequest(400, "unknown fault kind " + kind);
        };
        FaultRule rule = FaultRule.of(fault);
        if (b.get("account") != null) {
            rule = rule.account((int) num(b, "account", 0));
        }
        if (b.get("logType") != null) {
            String t = str(b, "logType");
            rule = rule.logType(LogType.byName(t).orElseThrow(() -> new BadRequest(400, "unknown log type " + t)));
        }
        if (b.get("path") != null) {
            rule = rule.path(str(b, "path"));
        }
        long times = num(b, "times", 1);
        rule = rule.skip((int) num(b, "skip", 0)).times(times < 0 ? FaultRule.UNLIMITED : (int) Math.max(1, times));
        if (b.get("probability") instanceof Number p) {
            rule = rule.probability(p.doubleValue());
        }
        return rule;
    }

    private Map<String, Object> faults() {
        List<Object> rules = new ArrayList<>();
        for (Faults.ActiveRule r : sim.faults().rules()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("kind", r.rule().fault().kind());
            m.put("fault", r.rule().fault().toString());
            m.put("account", r.rule().account());
            m.put("logType", r.rule().logType() == null ? null : r.rule().logType().wireName());
            m.put("path", r.rule().path());
            m.put("skip", r.rule().skip());
            m.put("times", r.rule().times() == FaultRule.UNLIMITED ? -1 : r.rule().times());
            m.put("probability", r.rule().probability());
            m.put("fired", r.fired());
            rules.add(m);
        }
        List<Object> states = new ArrayList<>();
        for (int a = 0; a < sim.config().accounts(); a++) {
            AccountState s = sim.faults().state(a);
            if (!s.isOk()) {
                states.add(stateJson(a, s));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rules", rules);
        out.put("accounts", states);
        return out;
    }

    private static Map<String, Object> stateJson(int account, AccountState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", account);
        m.put("bindingExpired", s.bindingExpired());
        m.put("wrongRegion", s.wrongRegion());
        m.put("deniedLogTypes", s.deniedLogTypes().stream().map(LogType::wireName).sorted().toList());
        return m;
    }

    private static Map<String, Object> stats(Stats stats) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requests", stats.requests());
        out.put("recordsServed", stats.recordsServed());
        out.put("bytesSent", stats.bytesSent());
        List<Object> counters = new ArrayList<>();
        for (Stats.Counter c : stats.counters()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("account", c.account());
            m.put("path", c.path());
            m.put("status", c.status());
            m.put("count", c.count());
            counters.add(m);
        }
        out.put("counters", counters);
        return out;
    }

    private List<Object> requests(Map<String, String> q) throws BadRequest {
        List<RecordedRequest> all = sim.requests().all();
        int limit = intParam(q, "limit", all.size());
        List<Object> out = new ArrayList<>();
        for (RecordedRequest r : all.subList(Math.max(0, all.size() - limit), all.size())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", r.time().toString());
            m.put("method", r.method());
            m.put("path", r.path());
            m.put("headers", r.headers());
            m.put("body", r.body());
            m.put("status", r.status());
            m.put("account", r.account());
            m.put("fault", r.fault());
            m.put("records", r.records());
            out.add(m);
        }
        return out;
    }

    private static Map<?, ?> body(Request req) throws BadRequest {
        String text = req.bodyText().strip();
        if (text.isEmpty()) {
            return Map.of();
        }
        try {
            if (LenientJson.parse(text) instanceof Map<?, ?> m) {
                return m;
            }
        } catch (LenientJson.SyntaxException e) {
            throw new BadRequest(400, "body is not JSON: " + e.getMessage());
        }
        throw new BadRequest(400, "body must be a JSON object");
    }

    private static Map<String, String> query(Request req) {
        Map<String, String> out = new HashMap<>();
        if (req.query() == null) {
            return out;
        }
        for (String pair : req.query().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static Instant instant(Map<String, String> q, String name) throws BadRequest {
        String v = q.get(name);
        if (v == null) {
            throw new BadRequest(400, name + " is required");
        }
        Instant t = DateText.parse(v);
        if (t == null) {
            try {
                t = Instant.parse(v);
            } catch (RuntimeException e) {
                throw new BadRequest(400, name + " must be a date like 2025-01-06T09:00:00+0000");
            }
        }
        return t;
    }

    private static int intParam(Map<String, String> q, String name, int fallback) throws BadRequest {
        String v = q.get(name);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BadRequest(400, name + " must be a whole number");
        }
    }

    private static String str(Map<?, ?> b, String key) {
        Object v = b.get(key);
        return v == null ? null : String.valueOf(v);
    }

    private static long num(Map<?, ?> b, String key, long fallback) throws BadRequest {
        Object v = b.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new BadRequest(400, key + " must be a number");
    }

    private static String orElse(String v, String fallback) {
        return v == null ? fallback : v;
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        sendRaw(ex, status, JSON.writeValueAsString(body));
    }

    private static void sendRaw(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
