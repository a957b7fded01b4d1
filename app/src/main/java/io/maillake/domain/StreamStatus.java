package io.maillake.domain;

import io.maillake.mimecast.LogType;
import java.time.Instant;

/**
 * The status of one stream as the console and {@code collect} show it.
 *
 * @param errorCode     stable code of the last failure (e.g. {@code permission_missing}), null when healthy
 * @param errorFix      what to change in Mimecast, when an administrator must act
 * @param retryingSince when the current run of retried failures began; null when not retrying
 * @param lagSeconds    how far collection trails real time (now minus the newest collected instant)
 * @param events        events landed in the lake
 * @param lastEventTime time of the newest event landed
 */
public record StreamStatus(String integrationId, LogType logType, StreamState state, String errorCode,
                           String errorMessage, String errorFix, Instant retryingSince, Instant lastAttemptAt,
                           Instant lastSuccessAt, Long lagSeconds, long calls, long retries, long events,
                           Instant lastEventTime) {

    /** How far collection trails {@code now} when everything before {@code leadTo} has been read; null before any window. */
    public static Long lagSeconds(Instant leadTo, Instant now) {
        return leadTo == null ? null : Math.max(0, java.time.Duration.between(leadTo, now).toSeconds());
    }

    public static StreamStatus pending(String integrationId, LogType type) {
        return new StreamStatus(integrationId, type, StreamState.PENDING, null, null, null, null, null, null, null,
                0, 0, 0, null);
    }
}
