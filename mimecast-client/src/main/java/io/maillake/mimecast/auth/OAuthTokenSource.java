package io.maillake.mimecast.auth;

import io.maillake.mimecast.ApiGeneration;
import io.maillake.mimecast.Credentials;
import io.maillake.mimecast.MimecastException;
import io.maillake.mimecast.http.ApiRequest;
import io.maillake.mimecast.http.ApiResponse;
import io.maillake.mimecast.http.FailBody;
import io.maillake.mimecast.http.RateLimitHeaders;
import io.maillake.mimecast.http.Transport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * API 2.0 access tokens (OAuth 2.0 client credentials at {@code /oauth/token}), cached and renewed
 * shortly before they expire. One source serves every stream that uses the same credentials, so
 * they share one token. Thread-safe: concurrent callers wait for a single renewal.
 */
public final class OAuthTokenSource {
    static final String TOKEN_PATH = "/oauth/token";
    /** Mimecast's tokens last 30 minutes ({@code expires_in: 1799}); renewing a minute early avoids racing the expiry. */
    private static final Duration MAX_RENEWAL_MARGIN = Duration.ofSeconds(60);
    /** Used when the token response carries no {@code expires_in}: Mimecast's documented 30 minutes, minus a second. */
    private static final long DEFAULT_EXPIRES_IN_SECONDS = 1799;
    /** A longer announced lifetime is not believed (Mimecast's is 30 minutes); it also keeps the expiry arithmetic from overflowing. */
    private static final long MAX_EXPIRES_IN_SECONDS = Duration.ofDays(1).toSeconds();
    /** RFC 6750 section 2.1 b64token: anything else cannot be sent in an Authorization header. */
    private static final java.util.regex.Pattern B64TOKEN = java.util.regex.Pattern.compile("[A-Za-z0-9._~+/-]+=*");
    private static final JsonFactory JSON = new JsonFactory();

    private record Token(String value, Instant renewAt) { }

    private final Credentials.Api2 credentials;
    private final Transport transport;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private Token current;

    public OAuthTokenSource(Credentials.Api2 credentials, Transport transport, Clock clock) {
        this.credentials = credentials;
        this.transport = transport;
        this.clock = clock;
    }

    /** A valid access token, fetching a new one when none is cached or the cached one is about to expire. */
    public String token() throws MimecastException {
        lock.lock();
        try {
            if (current == null || !clock.instant().isBefore(current.renewAt())) current = fetch();
            return current.value();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets {@code token} if it is still the cached one (Mimecast said it expired); the next {@link #token()} renews. */
    public void invalidate(String token) {
        lock.lock();
        try {
            if (current != null && current.value().equals(token)) current = null;
        } finally {
            lock.unlock();
        }
    }

    private Token fetch() throws MimecastException {
        String form = "client_id=" + encode(credentials.clientId())
                + "&client_secret=" + encode(credentials.clientSecret())
                + "&grant_type=client_credentials";
        Instant requestedAt = clock.instant();
        ApiResponse response = transport.send(new ApiRequest(TOKEN_PATH, "application/x-www-form-urlencoded",
                form.getBytes(StandardCharsets.UTF_8), Map.of()));
        int status = response.status();
        if (status == 200) return parse(response.body(), requestedAt);
        String detail = describeError(response.body());
        if (status == 400 || status == 401 || status == 403) {
            throw new MimecastException.AuthenticationFailed(ApiGeneration.API_2,
                    "Mimecast refused the API 2.0 client credentials (HTTP " + status + detail + ")", status, null);
        }
        if (status == 429) {
            throw new MimecastException.RateLimited("Mimecast rate-limited the token request", status, null,
                    RateLimitHeaders.resetOrDefault(response), true);
        }
        if (status >= 500) {
            throw new MimecastException.Transient("Mimecast token endpoint failed with HTTP " + status, status, null, null);
        }
        throw new MimecastException.RequestRejected("Mimecast token endpoint answered HTTP " + status + detail, status, null);
    }

    private Token parse(byte[] body, Instant requestedAt) throws MimecastException {
        String accessToken = null;
        long expiresIn = DEFAULT_EXPIRES_IN_SECONDS;
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalStateException("not a JSON object");
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("access_token".equals(name) && value == JsonToken.VALUE_STRING) {
                    accessToken = p.getString();
                } else if ("expires_in".equals(name) && value.isNumeric()) {
                    expiresIn = p.getLongValue();
                } else if ("expires_in".equals(name) && value == JsonToken.VALUE_STRING) {
                    expiresIn = Long.parseLong(p.getString().trim());
                } else {
                    p.skipChildren();
                }
            }
        } catch (RuntimeException e) {
            throw new MimecastException.BadResponse("Mimecast token response is not valid JSON", 200, null, true, e);
        }
        if (accessToken == null || accessToken.isBlank()) {
            String code = FailBody.errors(body).stream().map(FailBody.Error::code).filter(c -> c != null).findFirst().orElse(null);
            throw new MimecastException.BadResponse("Mimecast token response has no access_token"
                    + (code == null ? "" : " (" + code + ")"), 200, code, true, null);
        }
        if (!B64TOKEN.matcher(accessToken).matches()) {
            throw new MimecastException.BadResponse("Mimecast token response has an access_token that is not a bearer token",
                    200, null, true, null);
        }
        Duration lifetime = Duration.ofSeconds(Math.min(Math.max(expiresIn, 1), MAX_EXPIRES_IN_SECONDS));
        Duration margin = lifetime.dividedBy(10).compareTo(MAX_RENEWAL_MARGIN) < 0 ? lifetime.dividedBy(10) : MAX_RENEWAL_MARGIN;
        return new Token(accessToken, requestedAt.plus(lifetime).minus(margin));
    }

    /**
     * The error code the server gave, if it looks like one (RFC 6749 5.2: printable ASCII without {@code "} or
     * {@code \\}; at most 100 characters here): anything else is the network's text, which must not flood messages.
     */
    private static String describeError(byte[] body) {
        String code = oauthError(body);
        if (code == null) code = FailBody.errors(body).stream().map(FailBody.Error::code).filter(c -> c != null).findFirst().orElse(null);
        return code != null && ERROR_CODE.matcher(code).matches() ? ", " + code : "";
    }

    private static final java.util.regex.Pattern ERROR_CODE = java.util.regex.Pattern.compile("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}");

    /** The {@code error} member of an OAuth error response (RFC 6749 5.2), e.g. {@code invalid_client}. */
    private static String oauthError(byte[] body) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("error".equals(name) && value == JsonToken.VALUE_STRING) return p.getString();
                p.skipChildren();
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
