package io.maillake.mimecast.auth;

import io.maillake.mimecast.MimecastException;
import io.maillake.mimecast.http.ApiResponse;
import io.maillake.mimecast.http.FailBody;
import io.maillake.mimecast.http.Interceptor;

/**
 * Adds the API 2.0 bearer token. When Mimecast answers {@code 401 token_expired} (a token can die
 * before its announced expiry), it renews the token and repeats the call once; a second 401 is
 * returned as is and becomes an authentication failure.
 */
public final class BearerAuth implements Interceptor {
    private final OAuthTokenSource tokens;

    public BearerAuth(OAuthTokenSource tokens) {
        this.tokens = tokens;
    }

    @Override
    public ApiResponse intercept(Chain chain) throws MimecastException {
        String token = tokens.token();
        ApiResponse response = chain.proceed(chain.request().withHeader("Authorization", "Bearer " + token));
        if (response.status() == 401 && isTokenExpired(response)) {
            tokens.invalidate(token);
            response = chain.proceed(chain.request().withHeader("Authorization", "Bearer " + tokens.token()));
        }
        return response;
    }

    static boolean isTokenExpired(ApiResponse response) {
        return FailBody.errors(response.body()).stream().anyMatch(e -> "token_expired".equalsIgnoreCase(e.code()));
    }
}
