package io.maillake.collect;

import io.maillake.domain.StreamState;
import io.maillake.domain.StreamStatus;
import io.maillake.mimecast.MimecastException;
import java.time.Duration;
import java.time.Instant;

/**
 * What a stream's badge says after a run, or while it retries. CONNECTED only when calls succeed
 * and the stream is caught up within the lag threshold, never merely because some data arrived once.
 */
final class StatusPolicy {
    private StatusPolicy() { }

    static StreamStatus afterRun(StreamStatus previous, RunOutcome outcome, Instant now, Duration lagThreshold) {
        Instant leadTo = outcome.cursor().leadTo();
        Long lag = StreamStatus.lagSeconds(leadTo, now);
        long calls = previous.calls() + outcome.calls();
        if (outcome.ending() != RunOutcome.Ending.FAILED && leadTo != null && leadTo.isAfter(now.plus(CLOCK_TOLERANCE))) {
            return clockBehind(previous, leadTo, now, calls);
        }
        return switch (outcome.ending()) {
            case CAUGHT_UP, PAUSED -> {
                boolean behind = lag == null || lag > lagThreshold.toSeconds();
                String message = behind ? behindMessage(lag, outcome.ending()) : null;
                yield new StreamStatus(previous.integrationId(), previous.logType(),
                        behind ? StreamState.DEGRADED : StreamState.CONNECTED, behind ? "lagging" : null, message, null,
                        null, now, now, lag, calls, previous.retries(), previous.events(), previous.lastEventTime());
            }
            case FAILED -> failed(previous, outcome.failure(), now, lag, calls);
        };
    }

    /**
     * How far this machine's clock may lag what was already collected before the badge says so: collection reads up to
     * {@code now - settleLag}, so a cursor ahead of now means the clock went back (or was wrong when it read).
     */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(1);

    /**
     * The clock went back behind where collection already reached: nothing is read until it catches up, which loses
     * nothing but is no longer collecting. DEGRADED (not CONNECTED with lag 0) with how far behind it is.
     */
    private static StreamStatus clockBehind(StreamStatus previous, Instant leadTo, Instant now, long calls) {
        String message = "this machine's clock is " + human(Duration.between(now, leadTo)) + " behind where collection already"
                + " reached (" + leadTo + "): nothing new is read until it catches up, and nothing is lost; check the clock"
                + " (NTP)";
        return new StreamStatus(previous.integrationId(), previous.logType(), StreamState.DEGRADED, "clock_behind", message,
                null, null, now, previous.lastSuccessAt(), 0L, calls, previous.retries(), previous.events(), previous.lastEventTime());
    }

    /** While a run retries: DEGRADED with the failure, since when. */
    static StreamStatus retrying(StreamStatus previous, MimecastException failure, Duration wait, Instant now) {
        Instant since = previous.retryingSince() != null ? previous.retryingSince() : now;
        String message = failure.getMessage() + "; retrying in " + Math.max(1, wait.toSeconds()) + " s";
        return new StreamStatus(previous.integrationId(), previous.logType(), StreamState.DEGRADED, failure.code(), message,
                null, since, now, previous.lastSuccessAt(), previous.lagSeconds(), previous.calls(), previous.retries() + 1,
                previous.events(), previous.lastEventTime());
    }

    /**
     * The data directory could not be written (disk full, read-only, failing): DEGRADED, not ERROR, because nothing
     * in Mimecast needs fixing (so no Mimecast fix either) and the stream resumes by itself once the storage is
     * writable again. The message keeps the cause's first line: DuckDB adds paragraphs of tuning advice.
     */
    static StreamStatus storageFailed(StreamStatus previous, RuntimeException failure, Instant now) {
        Instant since = previous.retryingSince() != null ? previous.retryingSince() : now;
        String cause = String.valueOf(failure.getMessage()).lines().findFirst().orElse("");
        return new StreamStatus(previous.integrationId(), previous.logType(), StreamState.DEGRADED, "storage_failed",
                "cannot write to the data directory (" + cause + "); free space on its disk or make it writable again: "
                        + "collection then resumes by itself and loses nothing",
                null, since, now, previous.lastSuccessAt(), previous.lagSeconds(), previous.calls(), previous.retries(),
                previous.events(), previous.lastEventTime());
    }

    private static StreamStatus failed(StreamStatus previous, MimecastException failure, Instant now, Long lag, long calls) {
        boolean needsAdmin = !failure.retriable();
        StreamState state = needsAdmin ? StreamState.ERROR : StreamState.DEGRADED;
        Instant since = needsAdmin ? null : previous.retryingSince() != null ? previous.retryingSince() : now;
        String message = needsAdmin ? failure.getMessage() : failure.getMessage() + "; retries exhausted for now, trying again next poll";
        return new StreamStatus(previous.integrationId(), previous.logType(), state, failure.code(), message,
                failure.adminAction().orElse(null), since, now, previous.lastSuccessAt(), lag, calls, previous.retries(),
                previous.events(), previous.lastEventTime());
    }

    private static String behindMessage(Long lag, RunOutcome.Ending ending) {
        if (lag == null) return "collecting the first window";
        return "catching up: " + human(Duration.ofSeconds(lag)) + " behind" + (ending == RunOutcome.Ending.PAUSED ? ", continuing" : "");
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) return s + " s";
        if (s < 7200) return s / 60 + " min";
        if (s < 172_800) return s / 3600 + " h";
        return s / 86_400 + " days";
    }
}
