package io.maillake.mimecast.auth;

import io.maillake.mimecast.Credentials;
import io.maillake.mimecast.MimecastException;
import io.maillake.mimecast.http.ApiRequest;
import io.maillake.mimecast.http.ApiResponse;
import io.maillake.mimecast.http.Interceptor;
import io.maillake.mimecast.http.ServerTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs every request with the API 1.0 headers: {@code x-mc-app-id}, {@code x-mc-date}, {@code x-mc-req-id},
 * {@code Authorization}.
 *
 * <p>Mimecast refuses a request whose {@code x-mc-date} is too far from its own clock (HTTP 401), so a
 * machine whose clock drifted would see every API 1.0 call fail as if the keys were wrong. When a
 * 401 comes back and the response's {@code Date} is more than {@link #SKEW_SUSPECTED} away from the
 * time signed, the call is signed again with Mimecast's time and repeated once; if Mimecast accepts
 * it, later calls are signed with the same correction (learned again the same way should our clock
 * be fixed). A 401 for any other reason still costs one call only, and is returned as it is.
 */
public final class Api1Signing implements Interceptor {
    /** A gap between our signing time and Mimecast's {@code Date} this large may be why a call was refused. */
    public static final Duration SKEW_SUSPECTED = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(Api1Signing.class);

    private final Credentials.Api1 credentials;
    private final Api1Signer signer;
    private final Clock clock;
    /** Mimecast's clock minus ours, once a call signed with it was accepted after one signed with ours was not. */
    private volatile Duration correction = Duration.ZERO;

    public Api1Signing(Credentials.Api1 credentials, Clock clock) {
        this.credentials = credentials;
        this.signer = new Api1Signer(credentials.secretKey());
        this.clock = clock;
    }

    @Override
    public ApiResponse intercept(Chain chain) throws MimecastException {
        Instant signedAt = clock.instant().plus(correction);
        ApiResponse response = chain.proceed(signed(chain.request(), signedAt));
        if (response.status() != 401) return response;
        Optional<Instant> server = response.header("Date").flatMap(ServerTime::parse);
        if (server.isEmpty() || Duration.between(signedAt, server.get()).abs().compareTo(SKEW_SUSPECTED) <= 0) return response;
        Duration learned = Duration.between(clock.instant(), server.get());
        ApiResponse again = chain.proceed(signed(chain.request(), clock.instant().plus(learned)));
        if (again.status() != 401) {
            correction = learned;
            LOG.warn("this machine's clock is {} s {} Mimecast's: API 1.0 requests are signed with Mimecast's time; set the clock right (NTP)",
                    Math.abs(learned.toSeconds()), learned.isNegative() ? "ahead of" : "behind");
        }
        return again;
    }

    private ApiRequest signed(ApiRequest request, Instant at) {
        String date = Api1Signer.formatDate(at);
        String requestId = UUID.randomUUID().toString();
        String signature = signer.signature(date, requestId, request.path(), credentials.appKey());
        return request
                .withHeader("x-mc-app-id", credentials.appId())
                .withHeader("x-mc-date", date)
                .withHeader("x-mc-req-id", requestId)
                .withHeader("Authorization", Api1Signer.authorization(credentials.accessKey(), signature));
    }
}
