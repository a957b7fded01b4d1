package io.maillake.domain;

import io.maillake.mimecast.LogType;
import java.time.Instant;

/**
 * One row of the lake's {@code email_events} table (DESIGN.md, "Lake"). Text columns are null where
 * the record has no value. The OCSF event is not stored: it is derived from these values and
 * {@code raw} when read.
 *
 * @param eventUid  deterministic id of the event (DESIGN.md, Guarantees)
 * @param time      event time from Mimecast ({@code date} or {@code eventTime}), second precision
 * @param verdict   Mimecast's verdict as given: {@code scanResult}, {@code result}, or malicious/clean for {@code taggedMalicious}
 * @param action    Mimecast's action
 * @param policy    {@code ttpDefinition} or {@code definition}
 * @param srcIp     sending IP; null where Mimecast says "Internal IP" or gives none
 * @param raw       the Mimecast record exactly as received
 */
public record EmailEvent(
        String eventUid, Instant time, Instant ingestedAt, String tenantId, String integrationId, LogType logType,
        int classUid, int activityId, int actionId, int dispositionId, int severityId, Direction direction,
        String sender, String recipient, String subject, String messageId, String url,
        String fileName, String fileType, String fileSha256, String srcIp,
        String verdict, String action, String policy, String raw) {

    /** OCSF Email Activity. */
    public static final int CLASS_UID = 4009;
    /** OCSF Email Activity activity "Scan": every TTP record is the result of Mimecast scanning a message or click. */
    public static final int ACTIVITY_SCAN = 3;
}
