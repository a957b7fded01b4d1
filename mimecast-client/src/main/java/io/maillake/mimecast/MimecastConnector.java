package io.maillake.mimecast;

import io.maillake.mimecast.auth.Api1Signing;
import io.maillake.mimecast.auth.BearerAuth;
import io.maillake.mimecast.auth.OAuthTokenSource;
import io.maillake.mimecast.http.CallLogging;
import io.maillake.mimecast.http.Interceptor;
import io.maillake.mimecast.http.InterceptorChain;
import io.maillake.mimecast.http.ServerTime;
import io.maillake.mimecast.http.Transport;
import io.maillake.mimecast.ratelimit.RateLimitBudget;
import io.maillake.mimecast.ratelimit.RateLimitBudgets;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Makes {@link MimecastClient}s and holds what they share in one process: the HTTP connection pool,
 * one rate-limit budget per credential and one OAuth token cache per API 2.0 application.
 * Create one per process.
 */
public final class MimecastConnector implements AutoCloseable {
    /** Bound on connecting; a Mimecast host that does not accept within this is down or unreachable. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Bound on a whole call; 500-record pages normally take well under a few seconds. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final Clock clock;
    private final Duration callTimeout;
    private final BaseUrlPolicy baseUrlPolicy;
    private final RateLimitBudgets budgets;
    private final ConcurrentMap<String, OAuthTokenSource> tokenSources = new ConcurrentHashMap<>();
    private final ConcurrentMap<URI, ServerTime> serverTimes = new ConcurrentHashMap<>();

    private MimecastConnector(Builder b) {
        this.clock = b.clock;
        this.callTimeout = b.callTimeout;
        this.baseUrlPolicy = b.baseUrlPolicy;
        this.http = b.http != null ? b.http : Transport.defaultHttpClient(b.connectTimeout);
        this.budgets = new RateLimitBudgets(clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    public BaseUrlPolicy baseUrlPolicy() { return baseUrlPolicy; }

    /**
     * A client for one account.
     *
     * @throws BaseUrlPolicy.InvalidBaseUrlException if the base URL is not allowed
     * @throws IllegalArgumentException if an API 1.0 secret key is not base64
     */
    public MimecastClient client(String baseUrl, Credentials credentials) {
        URI base = baseUrlPolicy.validate(baseUrl);
        Transport transport = new Transport(http, base, callTimeout, Transport.DEFAULT_MAX_BODY_BYTES);
        RateLimitBudget budget = budgets.forKey(credentials.quotaKey());
        Interceptor auth = switch (credentials) {
            case Credentials.Api1 api1 -> new Api1Signing(api1, clock);
            case Credentials.Api2 api2 -> new BearerAuth(tokenSource(base, api2, transport));
        };
        ServerTime serverTime = serverTimes.computeIfAbsent(base, b -> new ServerTime(clock));
        // Order matters: auth outermost, so a repeat after token_expired spends the budget again.
        InterceptorChain chain = new InterceptorChain(
                List.of(auth, new io.maillake.mimecast.ratelimit.RateLimiting(budget), new CallLogging(), serverTime), transport);
        return new MimecastClient(base, credentials, chain, budget, clock, serverTime);
    }

    private OAuthTokenSource tokenSource(URI base, Credentials.Api2 credentials, Transport transport) {
        String key = base + "|" + credentials.quotaKey() + "|" + credentials.clientSecret().hashCode();
        return tokenSources.computeIfAbsent(key, k -> new OAuthTokenSource(credentials, transport, clock));
    }

    @Override
    public void close() {
        // HttpClient.close() exists from JDK 21; connections of an idle client are released either way.
        http.close();
    }

    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private BaseUrlPolicy baseUrlPolicy = BaseUrlPolicy.fromEnvironment();
        private HttpClient http;

        public Builder clock(Clock clock) { this.clock = clock; return this; }
        public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }
        public Builder callTimeout(Duration d) { this.callTimeout = d; return this; }
        public Builder baseUrlPolicy(BaseUrlPolicy policy) { this.baseUrlPolicy = policy; return this; }
        public Builder httpClient(HttpClient client) { this.http = client; return this; }

        public MimecastConnector build() {
            return new MimecastConnector(this);
        }
    }
}
