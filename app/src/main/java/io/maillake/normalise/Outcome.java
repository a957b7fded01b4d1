package io.maillake.normalise;

/**
 * The OCSF outcome of a record: {@code action_id} (0 Unknown, 1 Allowed, 2 Denied),
 * {@code disposition_id} and {@code severity_id} (1 Informational ... 4 High). Derived from
 * Mimecast's verdict and action; the reasoning for each case is in {@code docs/normalisation.md}.
 */
record Outcome(int actionId, int dispositionId, int severityId) {
    static final int ACTION_UNKNOWN = 0, ALLOWED = 1, DENIED = 2;
    static final int DISP_UNKNOWN = 0, DISP_ALLOWED = 1, DISP_BLOCKED = 2, DISP_QUARANTINED = 3, DISP_ISOLATED = 4,
            DISP_TAGGED = 18, DISP_CHALLENGE = 23, DISP_REJECTED = 25, DISP_ERROR = 27;
    static final int SEV_UNKNOWN = 0, SEV_INFO = 1, SEV_LOW = 2, SEV_MEDIUM = 3, SEV_HIGH = 4;

    /**
     * URL click. {@code actions} (Allow, Block, None, Browser Isolation) says what was done, when
     * present; {@code action} (allow, warn, block) what the policy decided. {@code block} denies;
     * {@code warn} challenges the user, who either went on ({@code userAwarenessAction: Continue}:
     * allowed) or stopped; {@code allow} allows; browser isolation allows into an isolated browser.
     * A malicious URL the user reached is the worst case (High); one that was stopped is Medium.
     */
    static Outcome ofClick(RecordView r) {
        String action = r.lower("action");
        String actions = r.lower("actions");
        boolean continued = "continue".equals(r.lower("userAwarenessAction"));
        int actionId;
        int disposition;
        if ("block".equals(actions) || "block".equals(action)) {
            actionId = DENIED;
            disposition = DISP_BLOCKED;
        } else if ("browser isolation".equals(actions)) {
            actionId = ALLOWED;
            disposition = DISP_ISOLATED;
        } else if ("warn".equals(action)) {
            actionId = continued ? ALLOWED : DENIED;
            disposition = continued ? DISP_ALLOWED : DISP_CHALLENGE;
        } else if ("allow".equals(action) || "allow".equals(actions)) {
            actionId = ALLOWED;
            disposition = DISP_ALLOWED;
        } else {
            actionId = ACTION_UNKNOWN;
            disposition = DISP_UNKNOWN;
        }
        String scan = r.lower("scanResult");
        int severity;
        if ("malicious".equals(scan)) severity = actionId == ALLOWED ? SEV_HIGH : SEV_MEDIUM;
        else if ("clean".equals(scan)) severity = SEV_INFO;
        else severity = SEV_UNKNOWN;
        return new Outcome(actionId, disposition, severity);
    }

    /**
     * Attachment sandbox result. {@code actionTriggered} lists what happened (e.g. {@code user release, none}):
     * a release delivers the file whatever the verdict; otherwise a malicious file is blocked and a
     * safe one delivered. A timeout or error is reported as such; whether it was delivered depends on
     * the policy, which the record does not say unless a release is listed.
     */
    static Outcome ofAttachment(RecordView r) {
        String result = r.lower("result");
        String triggered = r.lower("actionTriggered");
        boolean released = triggered != null && triggered.contains("release");
        boolean held = triggered != null && (triggered.contains("block") || triggered.contains("hold")
                || triggered.contains("reject") || triggered.contains("quarantine") || triggered.contains("bounce"));
        if (result == null) return new Outcome(released ? ALLOWED : ACTION_UNKNOWN, released ? DISP_ALLOWED : DISP_UNKNOWN, SEV_UNKNOWN);
        return switch (result) {
            case "malicious", "unsafe" -> released
                    ? new Outcome(ALLOWED, DISP_ALLOWED, SEV_HIGH)
                    : new Outcome(DENIED, DISP_BLOCKED, SEV_MEDIUM);
            case "safe", "clean" -> held
                    ? new Outcome(DENIED, DISP_BLOCKED, SEV_INFO)
                    : new Outcome(ALLOWED, DISP_ALLOWED, SEV_INFO);
            case "timeout", "error" -> released
                    ? new Outcome(ALLOWED, DISP_ALLOWED, SEV_MEDIUM)
                    : held ? new Outcome(DENIED, DISP_BLOCKED, SEV_LOW) : new Outcome(ACTION_UNKNOWN, DISP_ERROR, SEV_LOW);
            default -> new Outcome(released ? ALLOWED : ACTION_UNKNOWN, released ? DISP_ALLOWED : DISP_UNKNOWN, SEV_UNKNOWN);
        };
    }

    /**
     * Impersonation Protect: {@code hold} quarantines, {@code bounce} rejects, {@code none} delivers
     * (tagged when the policy tags). A message tagged malicious that was delivered is High.
     */
    static Outcome ofImpersonation(RecordView r) {
        String action = r.lower("action");
        Boolean malicious = r.bool("taggedMalicious");
        boolean tagged = Boolean.TRUE.equals(malicious) || Boolean.TRUE.equals(r.bool("taggedExternal"));
        int actionId;
        int disposition;
        if (action == null) {
            actionId = ACTION_UNKNOWN;
            disposition = DISP_UNKNOWN;
        } else if (action.equals("hold")) {
            actionId = DENIED;
            disposition = DISP_QUARANTINED;
        } else if (action.equals("bounce")) {
            actionId = DENIED;
            disposition = DISP_REJECTED;
        } else if (action.equals("none")) {
            actionId = ALLOWED;
            disposition = tagged ? DISP_TAGGED : DISP_ALLOWED;
        } else {
            actionId = ACTION_UNKNOWN;
            disposition = DISP_UNKNOWN;
        }
        int severity;
        if (Boolean.TRUE.equals(malicious)) severity = actionId == ALLOWED ? SEV_HIGH : SEV_MEDIUM;
        else if (malicious == null && actionId == ACTION_UNKNOWN) severity = SEV_UNKNOWN;
        else severity = SEV_LOW;
        return new Outcome(actionId, disposition, severity);
    }
}
