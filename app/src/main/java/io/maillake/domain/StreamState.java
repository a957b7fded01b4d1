package io.maillake.domain;

/** What a stream's badge says. */
public enum StreamState {
    /** Not collected yet (new, or just enabled). */
    PENDING,
    /** Collecting, and caught up within the lag threshold. */
    CONNECTED,
    /** Collecting with trouble: retrying after failures, or lagging beyond the threshold. */
    DEGRADED,
    /** Stopped until an administrator fixes something in Mimecast; the fix is shown. */
    ERROR,
    /** The integration is disabled. */
    DISABLED
}
