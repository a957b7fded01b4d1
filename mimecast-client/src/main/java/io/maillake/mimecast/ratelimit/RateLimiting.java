package io.maillake.mimecast.ratelimit;

import io.maillake.mimecast.MimecastException;
import io.maillake.mimecast.http.ApiResponse;
import io.maillake.mimecast.http.Interceptor;
import io.maillake.mimecast.http.RateLimitHeaders;

/** Spends the shared {@link RateLimitBudget} on each call and feeds it every response's headers. */
public final class RateLimiting implements Interceptor {
    private final RateLimitBudget budget;

    public RateLimiting(RateLimitBudget budget) {
        this.budget = budget;
    }

    @Override
    public ApiResponse intercept(Chain chain) throws MimecastException {
        budget.acquire();
        ApiResponse response = null;
        try {
            response = chain.proceed(chain.request());
            return response;
        } finally {
            budget.release(response == null ? 0 : response.status(), response == null ? null : RateLimitHeaders.of(response));
        }
    }
}
