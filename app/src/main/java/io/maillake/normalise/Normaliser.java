package io.maillake.normalise;

import io.maillake.domain.Cidr;
import io.maillake.domain.Direction;
import io.maillake.domain.EmailEvent;
import io.maillake.domain.MyNetworks;
import io.maillake.mimecast.LogType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;

/**
 * Turns one Mimecast TTP record into an {@code email_events} row. A pure function of the record
 * and its context: no I/O, no clock. The mapping of each field and enumeration is described in
 * {@code docs/normalisation.md}; golden files under {@code app/src/test/resources/golden} pin it.
 */
public final class Normaliser {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    /**
     * Where a record comes from.
     *
     * @param fallbackTime used as the event time when the record has no parseable time (never seen,
     *                     but every field is optional): the end of the window it was read in
     */
    public record Context(String tenantId, String integrationId, MyNetworks networks, Instant ingestedAt,
                          Instant fallbackTime) { }

    /** The mapper's own factory, so the stream is held to the same read constraints as the tree. */
    private static final TokenStreamFactory PARSERS = RecordView.JSON.tokenStreamFactory();
    private static final ThreadLocal<Reading> READING = ThreadLocal.withInitial(Reading::new);

    private Normaliser() { }

    /**
     * One pass over a record's text that yields both its canonical form (for the uid) and its top-level
     * fields, without a tree; records that pass cannot take (see {@link CanonicalJson}) are parsed into a
     * tree instead, with the same results. Per thread, reused record after record.
     */
    private static final class Reading {
        final CanonicalJson canonical = new CanonicalJson();
        final RecordView.Flat flat = new RecordView.Flat();

        RecordView read(String raw) {
            flat.clear();
            // read as UTF-8 bytes: the byte parser resolves member names faster than the one over chars
            try (JsonParser p = PARSERS.createParser(ObjectReadContext.empty(), raw.getBytes(StandardCharsets.UTF_8))) {
                if (canonical.write(p, flat)) return flat;
            } catch (JacksonException e) {
                // the tree below says what is wrong
            }
            RecordView.Tree tree = RecordView.parse(raw);
            canonical.write(tree.node());
            return tree;
        }
    }

    /**
     * Normalises a record read from Mimecast, numbering it among identical records with {@code ordinals}.
     *
     * @throws MalformedRecordException if the record is not a JSON object
     */
    public static EmailEvent normalise(LogType type, String raw, Context ctx, OrdinalCounter ordinals) {
        Reading reading = READING.get();
        RecordView r = reading.read(raw);
        Instant time = MimecastTime.parse(r.text(type.timeField())).orElse(ctx.fallbackTime());
        byte[] contentHash = EventUid.contentHash(ctx.integrationId(), type, reading.canonical);
        String uid = EventUid.of(contentHash, ordinals.next(time.getEpochSecond(), contentHash));
        Fields f = fields(type, r);
        Direction direction = direction(f, ctx.networks());
        return row(uid, time, ctx.ingestedAt(), ctx.tenantId(), ctx.integrationId(), type, direction, f, raw);
    }

    /**
     * Rebuilds a stored row from its raw record and the values that were fixed at ingest (the uid,
     * the direction, which depended on that day's My domains and IPs, and the times). Used where the
     * OCSF event is derived when read.
     */
    public static EmailEvent restore(LogType type, String raw, String eventUid, Instant time, Instant ingestedAt,
                                     String tenantId, String integrationId, Direction direction) {
        RecordView r = RecordView.parse(raw);
        return row(eventUid, time, ingestedAt, tenantId, integrationId, type, direction, fields(type, r), raw);
    }

    private static EmailEvent row(String uid, Instant time, Instant ingestedAt, String tenantId, String integrationId,
                                  LogType type, Direction direction, Fields f, String raw) {
        return new EmailEvent(uid, time, ingestedAt, tenantId, integrationId, type,
                EmailEvent.CLASS_UID, EmailEvent.ACTIVITY_SCAN, f.outcome.actionId(), f.outcome.dispositionId(),
                f.outcome.severityId(), direction, f.sender, f.recipient, f.subject, f.messageId, f.url,
                f.fileName, f.fileType, f.fileSha256, f.srcIp, f.verdict, f.action, f.policy, raw);
    }

    /** The values taken from a record, before direction. */
    record Fields(String sender, String recipient, String subject, String messageId, String url, String fileName,
                  String fileType, String fileSha256, String srcIp, boolean internalIpMarker, String route,
                  String verdict, String action, String policy, Outcome outcome) { }

    static Fields fields(LogType type, RecordView r) {
        return switch (type) {
            case URL -> {
                String sendingIp = r.text("sendingIp");
                yield new Fields(r.text("fromUserEmailAddress"), r.text("userEmailAddress"), r.text("subject"),
                        r.text("messageId"), r.text("url"), null, null, null, ipOrNull(sendingIp),
                        "internal ip".equalsIgnoreCase(sendingIp), r.text("route"),
                        r.text("scanResult"), r.text("action"), r.text("ttpDefinition"), Outcome.ofClick(r));
            }
            case ATTACHMENT -> {
                String hash = r.text("fileHash");
                yield new Fields(r.text("senderAddress"), r.text("recipientAddress"), r.text("subject"),
                        r.text("messageId"), null, r.text("fileName"), r.text("fileType"),
                        hash != null && SHA256.matcher(hash).matches() ? hash.toLowerCase(Locale.ROOT) : null,
                        null, false, r.text("route"), r.text("result"), r.text("actionTriggered"), r.text("definition"),
                        Outcome.ofAttachment(r));
            }
            case IMPERSONATION -> {
                Boolean tagged = r.bool("taggedMalicious");
                String verdict = tagged == null ? null : tagged ? "malicious" : "clean";
                yield new Fields(r.text("senderAddress"), r.text("recipientAddress"), r.text("subject"),
                        r.text("messageId"), null, null, null, null, ipOrNull(r.text("senderIpAddress")), false, null,
                        verdict, r.text("action"), r.text("definition"), Outcome.ofImpersonation(r));
            }
        };
    }

    /**
     * Mimecast's {@code route} when it gives one; otherwise decided from the tenant's own domains and
     * IP ranges: own sender and own recipient is internal, own sender only is outbound, own recipient
     * only is inbound. A sending IP inside the organisation's ranges (or Mimecast's "Internal IP")
     * counts as an own sender.
     */
    static Direction direction(Fields f, MyNetworks networks) {
        var fromRoute = Direction.fromRoute(f.route());
        if (fromRoute.isPresent()) return fromRoute.get();
        boolean ownSender = networks.isOwnAddress(f.sender()) || f.internalIpMarker()
                || (f.srcIp() != null && networks.isInternalIp(f.srcIp()));
        boolean ownRecipient = networks.isOwnAddress(f.recipient());
        if (ownSender && ownRecipient) return Direction.INTERNAL;
        if (ownSender && f.recipient() != null) return Direction.OUTBOUND;
        if (ownRecipient && f.sender() != null) return Direction.INBOUND;
        if (ownRecipient) return Direction.INBOUND;
        return Direction.UNKNOWN;
    }

    private static String ipOrNull(String value) {
        return value != null && Cidr.literal(value).isPresent() ? value : null;
    }
}
