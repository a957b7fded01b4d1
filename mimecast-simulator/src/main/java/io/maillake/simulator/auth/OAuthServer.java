package io.maillake.simulator.auth;

import io.maillake.simulator.http.ErrorBodies;
import io.maillake.simulator.http.ErrorCodes;
import io.maillake.simulator.http.Reply;
import io.maillake.simulator.http.Request;
import io.maillake.simulator.json.ByteSink;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API 2.0 (API.md 6): {@code POST /oauth/token} with client credentials in the form body or by
 * HTTP Basic, and verification of {@code Authorization: Bearer} on the log endpoints. Tokens are
 * random and kept in memory with their expiry. Thread-safe.
 */
public final class OAuthServer {
    public static final String TOKEN_PATH = "/oauth/token";

    private record Issued(int account, Instant expiresAt) {
    }

    private record Client(String id, String secret) {
    }

    private final AccountDirectory directory;
    private final Duration ttl;
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public OAuthServer(AccountDirectory directory, Duration ttl) {
        this.directory = directory;
        this.ttl = ttl;
    }

    /** Handles {@code POST /oauth/token}. */
    public Reply token(Request req, Instant now) {
        Map<String, String> form = form(req.bodyText());
        String grant = form.get("grant_type");
        if (grant == null || grant.isBlank()) {
            return ErrorBodies.oauth(400, "invalid_request", req.bodyText().stripLeading().startsWith("{")
                    ? "send the token request as application/x-www-form-urlencoded (grant_type=client_credentials&client_id=...&client_secret=...), not JSON"
                    : "grant_type is required");
        }
        if (!grant.equals("client_credentials")) {
            return ErrorBodies.oauth(400, "unsupported_grant_type", "Only client_credentials is supported");
        }
        Client client = client(req, form);
        Integer account = client == null ? null : directory.byClientId(client.id());
        if (account == null || !constantTimeEquals(directory.account(account).api2().clientSecret(), client.secret())) {
            return ErrorBodies.oauth(401, "invalid_client", "Client authentication failed");
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        tokens.put(token, new Issued(account, now.plus(ttl)));
        prune(now);
        ByteSink out = new ByteSink(128);
        out.ascii("{\"access_token\":").string(token).ascii(",\"token_type\":\"Bearer\",\"expires_in\":")
                .number(ttl.toSeconds()).ascii(",\"scope\":\"\"}");
        return Reply.json(200, out.toByteArray()).header("Cache-Control", "no-store");
    }

    /** The account a token request or bearer call names, unverified; null if none. */
    public Integer claimedAccount(Request req) {
        if (TOKEN_PATH.equals(req.path())) {
            Client c = client(req, form(req.bodyText()));
            return c == null ? null : directory.byClientId(c.id());
        }
        String token = bearer(req);
        Issued issued = token == null ? null : tokens.get(token);
        return issued == null ? null : issued.account();
    }

    public AuthResult authenticate(Request req, Instant now) {
        String token = bearer(req);
        Issued issued = token == null ? null : tokens.get(token);
        if (issued == null) {
            return new AuthResult.Rejected(ErrorBodies.gatewayFail(401, ErrorCodes.UNAUTHORIZED, "Unauthorized Request: missing or unknown access token"));
        }
        if (!now.isBefore(issued.expiresAt())) {
            return new AuthResult.Rejected(ErrorBodies.gatewayFail(401, ErrorCodes.TOKEN_EXPIRED, "The access token has expired"));
        }
        return new AuthResult.Authenticated(issued.account(), false);
    }

    /** Expires every token issued so far, as if their lifetime had ended now. */
    public void expireAll(Instant now) {
        tokens.replaceAll((t, i) -> i.expiresAt().isAfter(now) ? new Issued(i.account(), now) : i);
    }

    private static String bearer(Request req) {
        String auth = req.header("Authorization");
        if (auth == null || auth.length() < 7 || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = auth.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** Client credentials from HTTP Basic (RFC 6749 2.3.1, form-encoded parts) or from the form body. */
    private static Client client(Request req, Map<String, String> form) {
        String auth = req.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    return new Client(decode(pair.substring(0, colon)), decode(pair.substring(colon + 1)));
                }
            } catch (IllegalArgumentException ignored) {
                return null;
            }
            return null;
        }
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        return id == null || secret == null ? null : new Client(id, secret);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> map = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                map.putIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)).trim(), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            } catch (IllegalArgumentException ignored) {
                // a broken escape makes that pair unusable, not the request
            }
        }
        return map;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Forgets tokens that expired more than a day ago, so the map stays small. */
    private void prune(Instant now) {
        if (tokens.size() > 10_000) {
            Instant cutoff = now.minus(Duration.ofDays(1));
            tokens.values().removeIf(i -> i.expiresAt().isBefore(cutoff));
        }
    }
}
