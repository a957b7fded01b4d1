package io.maillake.simulator;

/**
 * Detection-worthy situations planted into the generated data at a known rate (a fraction of the
 * events of the pattern's log type, see {@link SimulatorConfig.Builder#plant}). The background mix
 * never produces these combinations, so every record showing one comes from its pattern and
 * {@link TruthEvent#pattern()} names it: detections can be checked exactly.
 *
 * <p>What the background never contains, so that ground truth stays exact: a malicious URL or
 * attachment that reached the user (allowed, clicked through a warning, released, admin override);
 * a sandbox timeout or error that was released; an impersonation tagged malicious that was
 * delivered; a malicious URL or attachment on the internal route; a sender on a look-alike of the
 * account's own domains in URL or attachment logs; a malicious URL, file hash or sender domain seen
 * twice (every malicious item is fresh); a URL click from the sender, or with the Message-ID, of an
 * impersonation message to the same user.
 */
public enum PlantedPattern {
    /** URL click on a malicious URL that was allowed: the user continued past the awareness page. */
    MALICIOUS_CLICK_ALLOWED(LogType.URL, 0.002),
    /** URL click on a malicious URL that an administrator's override allowed ({@code adminOverride} "Allow"). */
    ADMIN_OVERRIDE(LogType.URL, 0.001),
    /** One phishing URL per account and hour, clicked by many recipients, each message from a throw-away sender (blocked). */
    URL_CAMPAIGN(LogType.URL, 0.01),
    /** A malicious attachment released by a user or administrator. */
    MALICIOUS_ATTACHMENT_RELEASED(LogType.ATTACHMENT, 0.003),
    /** A malicious URL clicked through the warning page: {@code action} warn, {@code userAwarenessAction} Continue. */
    MALICIOUS_CLICK_WARN_CONTINUED(LogType.URL, 0.001),
    /** An attachment whose sandbox run timed out or failed, released to the user all the same. */
    SANDBOX_UNSCANNED_RELEASED(LogType.ATTACHMENT, 0.002),
    /** An impersonation message tagged malicious that was delivered ({@code action} none). */
    IMPERSONATION_DELIVERED(LogType.IMPERSONATION, 0.01),
    /** A malicious URL clicked on the internal route (blocked): a colleague's mailbox sends phishing. */
    INTERNAL_MALICIOUS_URL(LogType.URL, 0.001),
    /** A malicious attachment on the internal route (blocked). */
    INTERNAL_MALICIOUS_ATTACHMENT(LogType.ATTACHMENT, 0.001),
    /** A clean, allowed URL click in a message from a look-alike of one of the account's own domains. */
    LOOKALIKE_SENDER(LogType.URL, 0.001),
    /**
     * An impersonation message (a user's name on a free-mail address, not tagged malicious) delivered,
     * and {@link #CLICK_DELAY_SECONDS} later a click by its recipient on a link of that message. Both
     * records carry the pattern; the click is added to the URL log beside the rate-drawn events.
     */
    IMPERSONATION_THEN_CLICK(LogType.IMPERSONATION, 0.01),
    /** One malicious file (hash) per account and hour, sent to many recipients from throw-away senders (blocked). */
    ATTACHMENT_CAMPAIGN(LogType.ATTACHMENT, 0.01),
    /** One sender domain per account and hour whose malicious URLs (each different) many recipients clicked (blocked). */
    SENDER_DOMAIN_CAMPAIGN(LogType.URL, 0.01);

    /** How long after an {@link #IMPERSONATION_THEN_CLICK} message its recipient clicks. */
    public static final int CLICK_DELAY_SECONDS = 600;

    private final LogType logType;
    private final double defaultRate;

    PlantedPattern(LogType logType, double defaultRate) {
        this.logType = logType;
        this.defaultRate = defaultRate;
    }

    public LogType logType() {
        return logType;
    }

    public double defaultRate() {
        return defaultRate;
    }
}
