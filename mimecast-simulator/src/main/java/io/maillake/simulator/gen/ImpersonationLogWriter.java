package io.maillake.simulator.gen;

import io.maillake.simulator.PlantedPattern;
import io.maillake.simulator.json.ByteSink;

import java.util.Locale;

/**
 * {@code impersonationLogs} records (API.md 2.4): senders on look-alikes of the account's own
 * domains or using its users' names, identifiers and their {@code impersonationResults}, and an
 * {@code id} drawn from a small pool, so it is not unique (as in Mimecast's mocks).
 */
final class ImpersonationLogWriter extends RecordWriter {
    private static final byte[] K_ID = ascii("{\"id\":");
    private static final byte[] K_SENDER = ascii(",\"senderAddress\":");
    private static final byte[] K_RECIPIENT = ascii(",\"recipientAddress\":");
    private static final byte[] K_SUBJECT = ascii(",\"subject\":");
    private static final byte[] K_DEFINITION = ascii(",\"definition\":");
    private static final byte[] K_HITS = ascii(",\"hits\":");
    private static final byte[] K_IDENTIFIERS = ascii(",\"identifiers\":[");
    private static final byte[] K_ACTION = ascii("],\"action\":");
    private static final byte[] K_TAGGED_EXTERNAL = ascii(",\"taggedExternal\":");
    private static final byte[] K_TAGGED_MALICIOUS = ascii(",\"taggedMalicious\":");
    private static final byte[] K_SENDER_IP = ascii(",\"senderIpAddress\":");
    private static final byte[] K_EVENT_TIME = ascii(",\"eventTime\":");
    private static final byte[] K_RESULTS = ascii(",\"impersonationResults\":[");
    private static final byte[] K_MESSAGE_ID = ascii("],\"messageId\":");
    private static final byte[] K_END_RESULTS = ascii("]");

    /** Identifiers in a fixed order; the first {@link #STRONG} are the ones that indicate impersonation. */
    private static final String[] IDENTIFIERS = concat(Vocabulary.IMPERSONATION_IDENTIFIERS_STRONG,
            Vocabulary.IMPERSONATION_IDENTIFIERS_WEAK);
    private static final int STRONG = Vocabulary.IMPERSONATION_IDENTIFIERS_STRONG.length;
    private static final byte[][] IDENTIFIER_BYTES = q(IDENTIFIERS);
    private static final int SIMILAR_DOMAIN = 0;
    private static final int USER_NAME = 1;
    private static final int ADVANCED_SIMILAR_DOMAIN = 4;

    private static final byte[][] ACTIONS = {q("none"), q("hold"), q("bounce")};
    /**
     * Policy definitions by action, then by the hits that trigger them: a policy that acts at N hits
     * logs events of N or more, so a record's {@code hits} never falls below its definition's N.
     */
    private static final byte[][][] DEFINITIONS = {
            {q("IP - 1 hit (Tag email)"), q("IP - 1 hit (Tag email)"), q("IP - 1 hit (Tag email)")},
            {q("IP - 1 hit (Hold)"), q("IP - 2 hits (Hold)"), q("IP - 2 hits (Hold)")},
            {q("IP - 1 hit (Bounce)"), q("IP - 2 hits (Bounce)"), q("IP - 3 hits (Bounce)")}};
    private static final byte[] DEFAULT_DEFINITION = q("Default Impersonation Protect Definition");
    private static final byte[][] CLEAN_SUBJECTS = q(Vocabulary.CLEAN_SUBJECTS);
    private static final byte[][] BAD_SUBJECTS = q(Vocabulary.BAD_SUBJECTS);
    private static final byte[][] MESSAGE_ID_HOSTS = q(Vocabulary.MESSAGE_ID_HOSTS);

    private final PatternPicker patterns;

    ImpersonationLogWriter(PatternPicker patterns) {
        this.patterns = patterns;
    }

    @Override
    int head(Rng r) {
        PlantedPattern pattern = patterns.pick(r);
        boolean tagged = r.chance(0.55);
        if (pattern != null) {
            tagged = pattern == PlantedPattern.IMPERSONATION_DELIVERED;
        }
        return EventHead.of(EventHead.INBOUND, 0, tagged, pattern);
    }

    /** The seed of the {@link ClickPair} of an event: the first draw after its head. */
    static long pairSeed(Rng afterHead) {
        return afterHead.nextLong();
    }

    @Override
    void body(ByteSink out, AccountProfile p, Rng r, int head, byte[] date, long second) {
        boolean tagged = EventHead.tagged(head) == 1;
        PlantedPattern pattern = EventHead.pattern(head);
        ClickPair pair = pattern == PlantedPattern.IMPERSONATION_THEN_CLICK ? ClickPair.of(p, pairSeed(r)) : null;
        if (pair == null) {
            pairSeed(r); // the same draws for every event
        }
        boolean legacy = r.chance(0.03) && pair == null;
        int mask = pair != null ? 1 << USER_NAME : identifiers(r, tagged);
        int hits = Integer.bitCount(mask);
        int action = action(r, pattern, tagged, hits);

        int victim = r.nextInt(p.userNames.length);
        String name = pair != null ? pair.victimName() : p.userNames[victim];
        String email = p.userEmails[victim];
        String local = email.substring(0, email.indexOf('@'));
        AccountProfile.Lookalike lookalike = pick(r, p.lookalikes);
        boolean similarDomain = (mask & (1 << SIMILAR_DOMAIN | 1 << ADVANCED_SIMILAR_DOMAIN)) != 0;
        String sender;
        if (pair != null) {
            sender = pair.sender();
        } else if (similarDomain) {
            sender = local + "@" + lookalike.fake();
        } else if ((mask & 1 << USER_NAME) != 0) {
            sender = name.toLowerCase(Locale.ROOT).replace(' ', '.') + r.nextInt(100) + "@" + pick(r, Vocabulary.FREEMAIL);
        } else {
            sender = null;
        }

        out.put(K_ID).put(pick(r, p.impersonationIds));
        out.put(K_SENDER);
        if (sender != null) {
            out.string(sender);
        } else if (tagged) {
            freshBadSender(out, r);
        } else {
            out.put(pick(r, p.firstContactSenders));
        }
        out.put(K_RECIPIENT).put(pair != null ? pair.recipient() : pick(r, p.users));
        if (pair != null) {
            out.put(K_SUBJECT).put(pair.subject());
        } else if (!legacy && !r.chance(0.02)) {
            out.put(K_SUBJECT).put(tagged ? pick(r, BAD_SUBJECTS) : pick(r, CLEAN_SUBJECTS));
        }
        out.put(K_DEFINITION).put(r.chance(0.1) ? DEFAULT_DEFINITION : DEFINITIONS[action][Math.min(hits, 3) - 1]);
        out.put(K_HITS).digits(hits);
        out.put(K_IDENTIFIERS);
        boolean first = true;
        for (int i = 0; i < IDENTIFIERS.length; i++) {
            if ((mask & 1 << i) != 0) {
                if (!first) {
                    out.put((byte) ',');
                }
                out.put(IDENTIFIER_BYTES[i]);
                first = false;
            }
        }
        out.put(K_ACTION).put(ACTIONS[action]);
        out.put(K_TAGGED_EXTERNAL).ascii(r.chance(0.7) ? "true" : "false");
        out.put(K_TAGGED_MALICIOUS).ascii(tagged ? "true" : "false");
        out.put(K_SENDER_IP).put(pick(r, p.externalIps));
        out.put(K_EVENT_TIME).put(date);
        out.put(K_RESULTS);
        first = true;
        for (int i = 0; i < IDENTIFIERS.length; i++) {
            if ((mask & 1 << i) == 0 || (i != SIMILAR_DOMAIN && i != USER_NAME && i != ADVANCED_SIMILAR_DOMAIN)) {
                continue;
            }
            if (!first) {
                out.put((byte) ',');
            }
            first = false;
            out.ascii("{\"impersonationDomainSource\":").put(IDENTIFIER_BYTES[i]).ascii(",\"similarDomain\":");
            if (i == USER_NAME) {
                out.string(name + " <" + sender + ">").ascii(",\"stringSimilarToDomain\":").string(name);
            } else {
                out.string(lookalike.fake()).ascii(",\"stringSimilarToDomain\":").string(lookalike.real());
            }
            out.ascii(",\"checkerResult\":\"hit\"}");
        }
        if (pair != null) {
            out.put(K_MESSAGE_ID).string(pair.messageId());
        } else if (!legacy && !r.chance(0.02)) {
            out.put(K_MESSAGE_ID);
            messageId(out, r, MESSAGE_ID_HOSTS);
        } else {
            out.put(K_END_RESULTS);
        }
        out.put((byte) '}');
    }

    /**
     * 0 none (delivered), 1 hold, 2 bounce. A message tagged malicious is delivered only when planted
     * ({@link PlantedPattern#IMPERSONATION_DELIVERED}); so is the message of a click pair.
     */
    private static int action(Rng r, PlantedPattern pattern, boolean tagged, int hits) {
        double u = r.nextDouble();
        if (pattern != null) {
            return 0;
        }
        if (tagged) {
            return hits == 3 && u < 0.6 ? 2 : 1;
        }
        return u < 0.9 ? 0 : 1;
    }

    /** Bit set over {@link #IDENTIFIERS}: tagged events hit 1-3 strong identifiers, others one weak one. */
    private static int identifiers(Rng r, boolean tagged) {
        int mask = 0;
        if (tagged) {
            double u = r.nextDouble();
            int strong = u < 0.45 ? 1 : u < 0.8 ? 2 : 3;
            while (Integer.bitCount(mask) < strong) {
                mask |= 1 << r.nextInt(STRONG);
            }
            if (r.chance(0.4)) {
                mask |= 1 << (STRONG + r.nextInt(IDENTIFIERS.length - STRONG));
            }
        } else {
            mask = 1 << (r.chance(0.8) ? STRONG + r.nextInt(IDENTIFIERS.length - STRONG) : r.nextInt(STRONG));
        }
        return mask;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
