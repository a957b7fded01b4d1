package io.maillake.simulator.gen;

import io.maillake.simulator.PlantedPattern;
import io.maillake.simulator.json.ByteSink;

import static io.maillake.simulator.gen.EventHead.ERROR;
import static io.maillake.simulator.gen.EventHead.INBOUND;
import static io.maillake.simulator.gen.EventHead.INTERNAL;
import static io.maillake.simulator.gen.EventHead.MALICIOUS;
import static io.maillake.simulator.gen.EventHead.OUTBOUND;
import static io.maillake.simulator.gen.EventHead.SAFE;
import static io.maillake.simulator.gen.EventHead.TIMEOUT;

/** {@code attachmentLogs} records (API.md 2.4; key order of the v1 sample). */
final class AttachmentLogWriter extends RecordWriter {
    private static final byte[] K_RESULT = ascii("{\"result\":");
    private static final byte[] K_DATE = ascii(",\"date\":");
    private static final byte[] K_SENDER = ascii(",\"senderAddress\":");
    private static final byte[] K_FILE_NAME = ascii(",\"fileName\":");
    private static final byte[] K_ACTION_TRIGGERED = ascii(",\"actionTriggered\":");
    private static final byte[] K_ROUTE = ascii(",\"route\":");
    private static final byte[] K_DETAILS = ascii(",\"details\":");
    private static final byte[] K_RECIPIENT = ascii(",\"recipientAddress\":");
    private static final byte[] K_FILE_TYPE = ascii(",\"fileType\":");
    private static final byte[] K_SUBJECT = ascii(",\"subject\":");
    private static final byte[] K_FILE_HASH = ascii(",\"fileHash\":");
    private static final byte[] K_MESSAGE_ID = ascii(",\"messageId\":");
    private static final byte[] K_DEFINITION = ascii(",\"definition\":");

    private static final byte[][] RESULTS = {q("safe"), q("malicious"), q("timeout"), q("error")};
    private static final String[] VERDICT_WORDS = {"Safe", "Malicious", "Timeout", "Error"};
    private static final byte[][] PADDED_VERDICTS = openDetails(true);
    private static final byte[][] SHORT_VERDICTS = openDetails(false);
    private static final byte[] NULL_SENDER = q("<>");
    private static final byte[][] ROUTES = {q("inbound"), q("outbound"), q("internal")};
    private static final byte[] NONE = q("none");
    private static final byte[] NONE_NONE = q("none, none");
    private static final byte[] USER_RELEASE = q("user release, none");
    private static final byte[] ADMIN_RELEASE = q("admin release, none");
    private static final byte[][] CLEAN_SUBJECTS = q(Vocabulary.CLEAN_SUBJECTS);
    private static final byte[][] BAD_SUBJECTS = q(Vocabulary.BAD_SUBJECTS);
    private static final byte[][] INBOUND_DEFINITIONS = q(Vocabulary.INBOUND_ATTACHMENT_DEFINITIONS);
    private static final byte[] INTERNAL_DEFINITION = q(Vocabulary.INTERNAL_ATTACHMENT_DEFINITION);
    private static final byte[] OUTBOUND_DEFINITION = q(Vocabulary.OUTBOUND_ATTACHMENT_DEFINITION);
    private static final byte[][] MESSAGE_ID_HOSTS = q(Vocabulary.MESSAGE_ID_HOSTS);

    private final PatternPicker patterns;
    private final long campaignSeed;

    AttachmentLogWriter(PatternPicker patterns, long campaignSeed) {
        this.patterns = patterns;
        this.campaignSeed = campaignSeed;
    }

    /** {@code "Safe<46 spaces>\r\nTime taken: } (padded, newer data) or {@code "Safe\r\nTime taken: }. */
    private static byte[][] openDetails(boolean padded) {
        byte[][] out = new byte[VERDICT_WORDS.length][];
        for (int i = 0; i < out.length; i++) {
            String w = padded ? String.format("%-50s", VERDICT_WORDS[i]) : VERDICT_WORDS[i];
            byte[] full = q(w + "\r\nTime taken: ");
            out[i] = java.util.Arrays.copyOf(full, full.length - 1);
        }
        return out;
    }

    @Override
    int head(Rng r) {
        PlantedPattern pattern = patterns.pick(r);
        double u = r.nextDouble();
        double v = r.nextDouble();
        if (pattern != null) {
            int route = pattern == PlantedPattern.INTERNAL_MALICIOUS_ATTACHMENT ? INTERNAL : INBOUND;
            int verdict = pattern == PlantedPattern.SANDBOX_UNSCANNED_RELEASED ? (v < 0.6 ? TIMEOUT : ERROR) : MALICIOUS;
            return EventHead.of(route, verdict, false, pattern);
        }
        int route = u < 0.80 ? INBOUND : u < 0.92 ? INTERNAL : OUTBOUND;
        int verdict = v < 0.86 ? SAFE : v < 0.93 ? MALICIOUS : v < 0.97 ? TIMEOUT : ERROR;
        if (route == INTERNAL && verdict == MALICIOUS) {
            verdict = SAFE; // malicious internal attachments are planted only (INTERNAL_MALICIOUS_ATTACHMENT)
        }
        return EventHead.of(route, verdict, false, null);
    }

    @Override
    void body(ByteSink out, AccountProfile p, Rng r, int head, byte[] date, long second) {
        int route = EventHead.route(head);
        int verdict = EventHead.verdict(head);
        PlantedPattern pattern = EventHead.pattern(head);
        boolean released = pattern == PlantedPattern.MALICIOUS_ATTACHMENT_RELEASED
                || pattern == PlantedPattern.SANDBOX_UNSCANNED_RELEASED;
        // one malicious file per account and hour, sent to many
        Rng campaign = pattern == PlantedPattern.ATTACHMENT_CAMPAIGN ? new Rng(Rng.hash(campaignSeed, second / 3600)) : null;
        boolean legacy = r.chance(0.03);

        byte[] sender;
        if (route != INBOUND) {
            sender = pick(r, p.users);
        } else if (r.chance(0.05)) {
            sender = NULL_SENDER;
        } else if (verdict == MALICIOUS) {
            ByteSink d = new ByteSink(64);
            freshBadSender(d, r);
            sender = d.toByteArray();
        } else {
            sender = pick(r, p.externalSenders);
        }
        byte[] recipient = route == OUTBOUND ? pick(r, p.externalSenders) : pick(r, p.users);
        AccountProfile.FileEntry file = verdict == MALICIOUS ? pick(campaign != null ? campaign : r, p.badFiles) : pick(r, p.files);
        byte[] fileHash = file.hash();
        if (verdict == MALICIOUS) {
            // every malicious file is new, except the campaign's file of the hour
            ByteSink h = new ByteSink(70);
            hash(h, campaign != null ? campaign : r);
            fileHash = h.toByteArray();
        }
        double a = r.nextDouble();
        byte[] actionTriggered = released ? (a < 0.5 ? USER_RELEASE : ADMIN_RELEASE)
                : verdict != SAFE ? (a < 0.6 ? NONE : NONE_NONE)
                : a < 0.5 ? NONE : a < 0.94 ? NONE_NONE : USER_RELEASE;
        int minutes = verdict == TIMEOUT ? 1 + r.nextInt(4) : 0;
        int seconds = 1 + r.nextInt(59);

        out.put(K_RESULT).put(RESULTS[verdict]);
        out.put(K_DATE).put(date);
        out.put(K_SENDER).put(sender);
        out.put(K_FILE_NAME).put(file.name());
        out.put(K_ACTION_TRIGGERED).put(actionTriggered);
        out.put(K_ROUTE).put(ROUTES[route]);
        out.put(K_DETAILS).put((legacy ? SHORT_VERDICTS : PADDED_VERDICTS)[verdict])
                .ascii("0 hrs, ").digits(minutes).ascii(" min, ").digits(seconds).ascii(" sec\"");
        out.put(K_RECIPIENT).put(recipient);
        out.put(K_FILE_TYPE).put(file.type());
        if (!legacy && !r.chance(0.02)) {
            out.put(K_SUBJECT).put(verdict == MALICIOUS ? pick(r, BAD_SUBJECTS) : pick(r, CLEAN_SUBJECTS));
        }
        out.put(K_FILE_HASH).put(fileHash);
        if (!legacy && !r.chance(0.02)) {
            out.put(K_MESSAGE_ID);
            messageId(out, r, MESSAGE_ID_HOSTS);
        }
        out.put(K_DEFINITION).put(route == INBOUND ? pick(r, INBOUND_DEFINITIONS)
                : route == INTERNAL ? INTERNAL_DEFINITION : OUTBOUND_DEFINITION);
        out.put((byte) '}');
    }
}
