package io.maillake.simulator.server;

import io.maillake.simulator.LogType;
import io.maillake.simulator.auth.Api1Authenticator;
import io.maillake.simulator.auth.AuthResult;
import io.maillake.simulator.auth.Identity;
import io.maillake.simulator.auth.OAuthServer;
import io.maillake.simulator.fault.AccountState;
import io.maillake.simulator.fault.Fault;
import io.maillake.simulator.fault.Faults;
import io.maillake.simulator.http.Delivery;
import io.maillake.simulator.http.ErrorBodies;
import io.maillake.simulator.http.ErrorCodes;
import io.maillake.simulator.http.FailKey;
import io.maillake.simulator.http.Reply;
import io.maillake.simulator.http.Request;
import io.maillake.simulator.logs.LogsEndpoint;
import io.maillake.simulator.ratelimit.RateLimiter;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * Turns one API request into a reply, in this order: route (404/405), the identity the request
 * claims, a scripted fault if a rule fires, authentication (401), lasting account states
 * (418/403), the rate limit (429), and finally the endpoint. Rate-limit headers go on every reply.
 * Thread-safe.
 */
public final class ApiPipeline {
    /** The reply, how to deliver it, the account it concerned and the fault applied (both nullable). */
    public record Outcome(Reply reply, Delivery delivery, Integer account, String fault) {
    }

    private static final String WRONG_REGION = "The account is hosted in another region; use that region's base URL";
    private static final String RATE_LIMITED = "Rate limit exceeded; retry after X-RateLimit-Reset ms";

    private final Clock clock;
    private final Api1Authenticator api1;
    private final OAuthServer oauth;
    private final LogsEndpoint logs;
    private final Faults faults;
    private final RateLimiter limiter;

    public ApiPipeline(Clock clock, Api1Authenticator api1, OAuthServer oauth, LogsEndpoint logs, Faults faults, RateLimiter limiter) {
        this.clock = clock;
        this.api1 = api1;
        this.oauth = oauth;
        this.logs = logs;
        this.faults = faults;
        this.limiter = limiter;
    }

    public Outcome process(Request req) {
        Instant now = clock.instant();
        LogType type = LogType.byPath(req.path()).orElse(null);
        boolean tokenPath = OAuthServer.TOKEN_PATH.equals(req.path());
        if (type == null && !tokenPath) {
            return plain(ErrorBodies.fail(404, ErrorCodes.NOT_FOUND, "No such endpoint: " + req.path(), false));
        }
        if (!req.isPost()) {
            return plain(ErrorBodies.fail(405, ErrorCodes.METHOD_NOT_ALLOWED, "Only POST is allowed", false).header("Allow", "POST"));
        }
        Identity who = identify(req, tokenPath);
        Optional<Fault> fault = faults.next(who.account(), type, req.path());
        String kind = fault.map(Fault::kind).orElse(null);
        if (fault.isPresent() && fault.get() instanceof Fault.ExpireTokens) {
            oauth.expireAll(now);
            fault = Optional.empty();
        }
        Reply replaced = fault.map(f -> replacement(f, req, who, type)).orElse(null);
        if (replaced != null) {
            Delivery d = fault.get() instanceof Fault.DropConnection ? new Delivery.Drop() : Delivery.NORMAL;
            return new Outcome(withRateHeaders(replaced, limiter.peek(who.credential())), d, who.account(), kind);
        }
        Reply reply = tokenPath ? withRateHeaders(oauth.token(req, now), limiter.peek(who.credential())) : logs(req, type, now, who);
        Delivery delivery = Delivery.NORMAL;
        if (fault.isPresent()) {
            switch (fault.get()) {
                case Fault.MalformedJson m -> reply = malformed(reply);
                case Fault.TruncatedBody t -> delivery = new Delivery.Truncate(t.chunked());
                case Fault.SlowHeaders s -> delivery = new Delivery.DelayHeaders(s.delay());
                case Fault.TrickledBody t -> delivery = new Delivery.Trickle(t.chunks(), t.pause());
                default -> throw new IllegalStateException("not a transforming fault: " + fault.get());
            }
        }
        return new Outcome(reply, delivery, who.account(), kind);
    }

    private Reply logs(Request req, LogType type, Instant now, Identity who) {
        AuthResult auth = usesApi1(req) ? api1.authenticate(req, now) : oauth.authenticate(req, now);
        if (auth instanceof AuthResult.Rejected r) {
            return withRateHeaders(r.reply(), limiter.peek(who.credential()));
        }
        AuthResult.Authenticated ok = (AuthResult.Authenticated) auth;
        AccountState state = faults.state(ok.account());
        Reply refused = null;
        if (state.bindingExpired() && ok.api1()) {
            refused = fail(req, 418, ErrorCodes.BINDING_EXPIRED, "AccessKey has expired.", false);
        } else if (state.wrongRegion()) {
            refused = fail(req, 403, ErrorCodes.WRONG_REGION, WRONG_REGION, false);
        } else if (state.deniedLogTypes().contains(type)) {
            refused = fail(req, 403, ErrorCodes.PERMISSION_DENIED, permissionDenied(type), false);
        }
        if (refused != null) {
            return withRateHeaders(refused, limiter.peek(who.credential()));
        }
        RateLimiter.Decision d = limiter.acquire(who.credential());
        if (!d.allowed()) {
            return withRateHeaders(fail(req, 429, ErrorCodes.RATE_LIMITED, RATE_LIMITED, true), d);
        }
        return withRateHeaders(logs.handle(ok.account(), type, req.body(), now), d);
    }

    /** API 1.0 when the request carries MC authorization or any x-mc-* header; otherwise API 2.0. */
    private static boolean usesApi1(Request req) {
        String auth = req.header("Authorization");
        if (auth != null && auth.startsWith("MC ")) {
            return true;
        }
        return req.header("x-mc-date") != null || req.header("x-mc-app-id") != null || req.header("x-mc-req-id") != null;
    }

    private Identity identify(Request req, boolean tokenPath) {
        if (!tokenPath && usesApi1(req)) {
            Integer a = api1.claimedAccount(req);
            return a == null ? Identity.NONE : Identity.api1(a);
        }
        Integer a = oauth.claimedAccount(req);
        return a == null ? Identity.NONE : Identity.api2(a);
    }

    /** The reply of a fault that replaces the response, or null if the fault damages the real one. */
    private Reply replacement(Fault fault, Request req, Identity who, LogType type) {
        return switch (fault) {
            case Fault.ServerError e when e.status() == 500 ->
                    fail(req, 500, ErrorCodes.INTERNAL, "Internal server error (injected)", true);
            case Fault.ServerError e -> new Reply(e.status(), "text/html", ("<html><body><h1>" + e.status()
                    + " " + reason(e.status()) + "</h1></body></html>").getBytes(StandardCharsets.US_ASCII),
                    new LinkedHashMap<>(), 0);
            case Fault.RateLimited r -> {
                RateLimiter.Decision peek = limiter.peek(who.credential());
                yield withRateHeaders(fail(req, 429, ErrorCodes.RATE_LIMITED, RATE_LIMITED, true),
                        new RateLimiter.Decision(false, peek.limit(), 0, r.reset().toMillis()));
            }
            case Fault.FailInBody f -> fail(req, 200, f.code(), f.message(), f.retryable());
            case Fault.DropConnection d -> Reply.json(0, new byte[0]);
            case Fault.BindingExpired b -> fail(req, 418, ErrorCodes.BINDING_EXPIRED, "AccessKey has expired.", false);
            case Fault.PermissionDenied p -> fail(req, 403, ErrorCodes.PERMISSION_DENIED, permissionDenied(type), false);
            case Fault.WrongRegion w -> fail(req, 403, ErrorCodes.WRONG_REGION, WRONG_REGION, false);
            case Fault.MalformedJson m -> null;
            case Fault.TruncatedBody t -> null;
            case Fault.SlowHeaders s -> null;
            case Fault.TrickledBody t -> null;
            case Fault.ExpireTokens e -> null;
        };
    }

    /**
     * An API 1.0 style failure of a log request, its {@code key} echoing the request's data item
     * (API.md 4.2): the failure is the function's answer for that item, whatever refused it.
     */
    private static Reply fail(Request req, int status, String code, String message, boolean retryable) {
        return ErrorBodies.fail(status, code, message, retryable, null, FailKey.of(req.body()));
    }

    /** Names the permission as Mimecast's endpoint pages do (API.md 2); a fault may also fire on /oauth/token, which has none. */
    private static String permissionDenied(LogType type) {
        return type == null ? "The user's role lacks the permission for this request"
                : "The user's role lacks the permission " + type.permission();
    }

    /** The first half of the body followed by bytes no JSON parser accepts. */
    private static Reply malformed(Reply r) {
        byte[] half = Arrays.copyOf(r.body(), r.body().length / 2);
        byte[] junk = ",,}{\"".getBytes(StandardCharsets.US_ASCII);
        byte[] body = Arrays.copyOf(half, half.length + junk.length);
        System.arraycopy(junk, 0, body, half.length, junk.length);
        return new Reply(r.status(), r.contentType(), body, r.headers(), 0);
    }

    private static String reason(int status) {
        return switch (status) {
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }

    private Outcome plain(Reply r) {
        return new Outcome(withRateHeaders(r, limiter.peek(null)), Delivery.NORMAL, null, null);
    }

    private static Reply withRateHeaders(Reply r, RateLimiter.Decision d) {
        r.headers().putIfAbsent("X-RateLimit-Limit", Long.toString(d.limit()));
        r.headers().putIfAbsent("X-RateLimit-Remaining", Long.toString(d.remaining()));
        r.headers().putIfAbsent("X-RateLimit-Reset", Long.toString(d.resetMillis()));
        return r;
    }
}
