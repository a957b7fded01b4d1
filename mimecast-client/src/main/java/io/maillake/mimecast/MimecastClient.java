package io.maillake.mimecast;

import io.maillake.mimecast.http.ApiRequest;
import io.maillake.mimecast.http.ApiResponse;
import io.maillake.mimecast.http.InterceptorChain;
import io.maillake.mimecast.http.ServerTime;
import io.maillake.mimecast.ratelimit.RateLimitBudget;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads TTP logs from one Mimecast account with one set of credentials. Knows nothing of storage:
 * it returns pages of raw records and typed failures. Obtain one from {@link MimecastConnector}, which
 * shares connections, OAuth tokens and the rate-limit budget between clients of the same credentials.
 * Thread-safe; calls block, so run them on virtual threads.
 */
public final class MimecastClient {
    private final URI baseUrl;
    private final Credentials credentials;
    private final InterceptorChain chain;
    private final RateLimitBudget budget;
    private final Clock clock;
    private final ServerTime serverTime;

    MimecastClient(URI baseUrl, Credentials credentials, InterceptorChain chain, RateLimitBudget budget, Clock clock,
                   ServerTime serverTime) {
        this.baseUrl = baseUrl;
        this.credentials = credentials;
        this.chain = chain;
        this.budget = budget;
        this.clock = clock;
        this.serverTime = serverTime;
    }

    /** Mimecast's clock relative to ours, from its responses' Date headers (shared by every client of this base URL). */
    public ServerTime serverTime() { return serverTime; }

    public URI baseUrl() { return baseUrl; }

    public ApiGeneration generation() { return credentials.generation(); }

    /** The rate-limit budget this client spends, shared with every client of the same credentials. */
    public RateLimitBudget budget() { return budget; }

    /**
     * Fetches one page: the first of {@code query} when {@code pageToken} is null, else the page the
     * token names. Makes at most one call to the log endpoint (plus, for API 2.0, a token renewal and
     * one repeat after {@code 401 token_expired}). Never retries otherwise: see {@link RetryPolicy}.
     */
    public Page fetchPage(LogQuery query, String pageToken) throws MimecastException {
        ApiRequest request = ApiRequest.json(query.type().path(), RequestBodies.logs(query, pageToken))
                .readingWith(body -> PageParser.read(query.type(), generation(), body));
        ApiResponse response = chain.execute(request);
        if (!response.isSuccessful()) throw ResponseClassifier.forStatus(query.type(), generation(), response);
        return switch (response.content()) {
            case Page page -> page;
            case MimecastException failure -> throw failure;
            case null, default -> throw new IllegalStateException("no page read from a " + response.status() + " response");
        };
    }

    /**
     * Reads every page of {@code query} from {@code pageToken} (null for the start), following
     * {@code next} until it is absent or a page is empty, handing each page to {@code handler}.
     * No retries: the first failure ends the read.
     *
     * @return the number of pages read
     */
    public int readAll(LogQuery query, String pageToken, PageHandler handler) throws MimecastException {
        String token = pageToken;
        int pages = 0;
        while (true) {
            Page page = fetchPage(query, token);
            pages++;
            if (!handler.onPage(page) || page.isLast()) return pages;
            token = page.next().orElseThrow();
        }
    }

    /**
     * Checks that these credentials can read {@code type}: one call for a single record of the last
     * hour. Succeeds quietly or throws the failure that says what to fix.
     */
    public void preflight(LogType type) throws MimecastException {
        Instant now = clock.instant();
        fetchPage(LogQuery.window(type, now.minus(Duration.ofHours(1)), now).withPageSize(1), null);
    }

    /** Receives pages from {@link #readAll}. */
    @FunctionalInterface
    public interface PageHandler {
        /** @return false to stop reading */
        boolean onPage(Page page) throws MimecastException;
    }
}
