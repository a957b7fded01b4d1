package io.maillake.mimecast.auth;

import io.maillake.mimecast.Credentials;
import io.maillake.mimecast.MimecastException;
import io.maillake.mimecast.http.ApiResponse;
import io.maillake.mimecast.http.Interceptor;
import java.time.Clock;
import java.util.UUID;

/** Signs every request with the API 1.0 headers: {@code x-mc-app-id}, {@code x-mc-date}, {@code x-mc-req-id}, {@code Authorization}. */
public final class Api1Signing implements Interceptor {
    private final Credentials.Api1 credentials;
    private final Api1Signer signer;
    private final Clock clock;

    public Api1Signing(Credentials.Api1 credentials, Clock clock) {
        this.credentials = credentials;
        this.signer = new Api1Signer(credentials.secretKey());
        this.clock = clock;
    }

    @Override
    public ApiResponse intercept(Chain chain) throws MimecastException {
        String date = Api1Signer.formatDate(clock.instant());
        String requestId = UUID.randomUUID().toString();
        String signature = signer.signature(date, requestId, chain.request().path(), credentials.appKey());
        return chain.proceed(chain.request()
                .withHeader("x-mc-app-id", credentials.appId())
                .withHeader("x-mc-date", date)
                .withHeader("x-mc-req-id", requestId)
                .withHeader("Authorization", Api1Signer.authorization(credentials.accessKey(), signature)));
    }
}
