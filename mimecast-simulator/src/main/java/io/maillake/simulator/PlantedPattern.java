package io.maillake.simulator;

/**
 * Detection-worthy situations planted into the generated data at a known rate (a fraction of the
 * events of the pattern's log type, see {@link SimulatorConfig.Builder#plant}). The background mix
 * never produces these combinations, so every record showing one comes from its pattern and
 * {@link TruthEvent#pattern()} names it: detections can be checked exactly.
 */
public enum PlantedPattern {
    /** URL click on a malicious URL that was allowed: the user continued past the awareness page. */
    MALICIOUS_CLICK_ALLOWED(LogType.URL, 0.002),
    /** URL click on a malicious URL that an administrator's override allowed ({@code adminOverride} "Allow"). */
    ADMIN_OVERRIDE(LogType.URL, 0.001),
    /** One phishing URL per account and hour, clicked by many recipients from the same sender (blocked). */
    URL_CAMPAIGN(LogType.URL, 0.01),
    /** A malicious attachment released by a user or administrator. */
    MALICIOUS_ATTACHMENT_RELEASED(LogType.ATTACHMENT, 0.003);

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
