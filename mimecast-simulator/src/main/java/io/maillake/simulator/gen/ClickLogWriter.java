package io.maillake.simulator.gen;

import io.maillake.simulator.PlantedPattern;
import io.maillake.simulator.json.ByteSink;

import static io.maillake.simulator.gen.EventHead.INBOUND;
import static io.maillake.simulator.gen.EventHead.INTERNAL;
import static io.maillake.simulator.gen.EventHead.MALICIOUS;
import static io.maillake.simulator.gen.EventHead.OUTBOUND;

/** {@code clickLogs} records (API.md 2.4, field order of the documentation and samples). */
final class ClickLogWriter extends RecordWriter {
    private static final byte[] K_USER = ascii("{\"userEmailAddress\":");
    private static final byte[] K_FROM = ascii(",\"fromUserEmailAddress\":");
    private static final byte[] K_URL = ascii(",\"url\":");
    private static final byte[] K_DEFINITION = ascii(",\"ttpDefinition\":");
    private static final byte[] K_SUBJECT = ascii(",\"subject\":");
    private static final byte[] K_ACTION = ascii(",\"action\":");
    private static final byte[] K_ADMIN_OVERRIDE = ascii(",\"adminOverride\":");
    private static final byte[] K_USER_OVERRIDE = ascii(",\"userOverride\":");
    private static final byte[] K_SCAN_RESULT = ascii(",\"scanResult\":");
    private static final byte[] K_CATEGORY = ascii(",\"category\":");
    private static final byte[] K_SENDING_IP = ascii(",\"sendingIp\":");
    private static final byte[] K_AWARENESS = ascii(",\"userAwarenessAction\":");
    private static final byte[] K_DATE = ascii(",\"date\":");
    private static final byte[] K_ACTIONS = ascii(",\"actions\":");
    private static final byte[] K_ROUTE = ascii(",\"route\":");
    private static final byte[] K_CREATION = ascii(",\"creationMethod\":");
    private static final byte[] K_PARTS = ascii(",\"emailPartsDescription\":");
    private static final byte[] K_MESSAGE_ID = ascii(",\"messageId\":");
    private static final byte[] K_TAG_MAP = ascii(",\"tagMap\":");

    private static final byte[] ALLOW = q("allow");
    private static final byte[] WARN = q("warn");
    private static final byte[] BLOCK = q("block");
    private static final byte[] NA = q("N/A");
    private static final byte[] NONE = q("None");
    private static final byte[] CONTINUE = q("Continue");
    private static final byte[] ADMIN_ALLOW = q("Allow");
    private static final byte[] ACTIONS_ALLOW = q("Allow");
    private static final byte[] ACTIONS_BLOCK = q("Block");
    private static final byte[] ACTIONS_NONE = q("None");
    private static final byte[] ACTIONS_ISOLATION = q("Browser Isolation");
    private static final byte[] CLEAN = q("clean");
    private static final byte[] MALICIOUS_RESULT = q("malicious");
    private static final byte[] INTERNAL_IP = q("Internal IP");
    private static final byte[] USER_CLICK = q("User Click");
    private static final byte[] ENTRY_SCAN = q("Entry Scan");
    private static final byte[] PARTS_BODY = ascii("[\"Body\"]");
    private static final byte[] PARTS_ATTACHMENT = ascii("[\"Attachment\"]");
    private static final byte[] PARTS_BOTH = ascii("[\"Body\",\"Attachment\"]");
    private static final byte[][] ROUTES = {q("inbound"), q("outbound"), q("internal")};
    private static final byte[] DANGEROUS_CATEGORY = q("Dangerous file extension");
    private static final byte[] PHISHING_CATEGORY = q("Phishing & Fraud");

    private static final byte[][] CLEAN_URLS = openQuoted(Vocabulary.CLEAN_URL_PREFIXES);
    private static final byte[][] BAD_URLS = openQuoted(Vocabulary.BAD_URL_PREFIXES);
    private static final byte[][] DANGEROUS_URLS = openQuoted(Vocabulary.DANGEROUS_URL_PREFIXES);
    private static final String[] DANGEROUS_EXTS = Vocabulary.DANGEROUS_EXTS;
    private static final byte[][] CLEAN_CATEGORIES = q(Vocabulary.CLEAN_CATEGORIES);
    private static final byte[][] BAD_CATEGORIES = q(Vocabulary.BAD_CATEGORIES);
    private static final byte[][] CLEAN_SUBJECTS = q(Vocabulary.CLEAN_SUBJECTS);
    private static final byte[][] BAD_SUBJECTS = q(Vocabulary.BAD_SUBJECTS);
    private static final byte[][] INBOUND_DEFINITIONS = q(Vocabulary.INBOUND_URL_DEFINITIONS);
    private static final byte[] INTERNAL_DEFINITION = q(Vocabulary.INTERNAL_URL_DEFINITION);
    private static final byte[] OUTBOUND_DEFINITION = q(Vocabulary.OUTBOUND_URL_DEFINITION);
    private static final byte[][] MESSAGE_ID_HOSTS = q(Vocabulary.MESSAGE_ID_HOSTS);

    private final PatternPicker patterns;
    private final long campaignSeed;

    ClickLogWriter(PatternPicker patterns, long campaignSeed) {
        this.patterns = patterns;
        this.campaignSeed = campaignSeed;
    }

    @Override
    int head(Rng r) {
        PlantedPattern pattern = patterns.pick(r);
        double u = r.nextDouble();
        double m = r.nextDouble();
        if (pattern != null) {
            int route = pattern == PlantedPattern.INTERNAL_MALICIOUS_URL ? INTERNAL : INBOUND;
            return EventHead.of(route, pattern == PlantedPattern.LOOKALIKE_SENDER ? EventHead.CLEAN : MALICIOUS, false, pattern);
        }
        int route = u < 0.72 ? INBOUND : u < 0.90 ? INTERNAL : OUTBOUND;
        // malicious internal clicks are planted only (INTERNAL_MALICIOUS_URL)
        int verdict = route != INTERNAL && m < (route == INBOUND ? 0.07 : 0.015) ? MALICIOUS : EventHead.CLEAN;
        return EventHead.of(route, verdict, false, null);
    }

    @Override
    void body(ByteSink out, AccountProfile p, Rng r, int head, byte[] date, long second) {
        int route = EventHead.route(head);
        boolean malicious = EventHead.verdict(head) == MALICIOUS;
        PlantedPattern pattern = EventHead.pattern(head);
        // one phishing message per account and hour, clicked by many (recipients vary per event)
        Rng campaign = pattern == PlantedPattern.URL_CAMPAIGN ? new Rng(Rng.hash(campaignSeed, second / 3600)) : null;
        // one sender domain per account and hour (its URLs and local parts vary per event)
        Rng domainCampaign = pattern == PlantedPattern.SENDER_DOMAIN_CAMPAIGN
                ? new Rng(Rng.hash(campaignSeed ^ 0x5D0C_A4A1L, second / 3600)) : null;
        boolean needsSender = pattern == PlantedPattern.LOOKALIKE_SENDER || domainCampaign != null;
        boolean legacy = r.chance(0.03) && !needsSender; // older records lack several fields (rapid7 PR #460)
        boolean noSubject = legacy || r.chance(0.02);
        boolean noMessageId = legacy || r.chance(0.02);

        byte[] user;
        byte[] from;
        switch (route) {
            case INBOUND -> {
                user = r.chance(0.05) ? pick(r, p.lists) : pick(r, p.users);
                if (pattern == PlantedPattern.LOOKALIKE_SENDER) {
                    from = q(r.pick(Vocabulary.EXTERNAL_LOCAL) + "@" + pick(r, p.lookalikes).fake());
                } else if (domainCampaign != null) {
                    ByteSink d = new ByteSink(64);
                    d.put((byte) '"').ascii(r.pick(Vocabulary.EXTERNAL_LOCAL)).put((byte) '@');
                    freshBadDomain(d, domainCampaign); // the same domain all hour
                    from = d.put((byte) '"').toByteArray();
                } else if (malicious) {
                    ByteSink d = new ByteSink(64);
                    freshBadSender(d, r);
                    from = d.toByteArray();
                } else {
                    from = pick(r, p.externalSenders);
                }
            }
            case INTERNAL -> {
                user = pick(r, p.users);
                from = pick(r, p.users);
            }
            default -> {
                user = pick(r, p.externalSenders);
                from = pick(r, p.users);
            }
        }

        boolean dangerous = malicious && campaign == null && r.chance(0.15);
        byte[] category = campaign != null ? PHISHING_CATEGORY : dangerous ? DANGEROUS_CATEGORY
                : malicious ? pick(r, BAD_CATEGORIES) : pick(r, CLEAN_CATEGORIES);

        byte[] action = ALLOW;
        byte[] adminOverride = NA;
        byte[] userOverride = NONE;
        byte[] awareness = NA;
        byte[] actions = ACTIONS_ALLOW;
        double a = r.nextDouble();
        if (pattern == PlantedPattern.MALICIOUS_CLICK_ALLOWED) {
            awareness = CONTINUE;
            userOverride = CONTINUE;
        } else if (pattern == PlantedPattern.MALICIOUS_CLICK_WARN_CONTINUED) {
            action = WARN;
            awareness = CONTINUE;
            userOverride = CONTINUE;
        } else if (pattern == PlantedPattern.ADMIN_OVERRIDE) {
            adminOverride = ADMIN_ALLOW;
        } else if (malicious) {
            // a planted malicious click that must not look reached (campaigns, internal) is blocked
            boolean warn = pattern == null && a < 0.2;
            action = warn ? WARN : BLOCK;
            actions = warn ? ACTIONS_NONE : ACTIONS_BLOCK;
        } else {
            actions = a < 0.96 ? ACTIONS_ALLOW : a < 0.98 ? ACTIONS_NONE : ACTIONS_ISOLATION;
            if (r.chance(0.03)) {
                awareness = CONTINUE; // awareness challenges also appear on clean links
            }
        }

        out.put(K_USER).put(user);
        if (!legacy) {
            out.put(K_FROM).put(from);
        }
        out.put(K_URL);
        int urlStart = out.length();
        if (campaign != null) {
            out.put(pick(campaign, BAD_URLS)).hex(campaign.nextLong(), 12).put((byte) '"');
        } else if (dangerous) {
            out.put(pick(r, DANGEROUS_URLS)).hex(r.nextLong(), 8).put((byte) '.').ascii(pick(r, DANGEROUS_EXTS)).put((byte) '"');
        } else {
            out.put(malicious ? pick(r, BAD_URLS) : pick(r, CLEAN_URLS)).hex(r.nextLong(), 12).put((byte) '"');
        }
        int urlEnd = out.length();
        out.put(K_DEFINITION).put(route == INBOUND ? pick(r, INBOUND_DEFINITIONS)
                : route == INTERNAL ? INTERNAL_DEFINITION : OUTBOUND_DEFINITION);
        if (!noSubject) {
            out.put(K_SUBJECT).put(campaign != null ? pick(campaign, BAD_SUBJECTS)
                    : malicious ? pick(r, BAD_SUBJECTS) : pick(r, CLEAN_SUBJECTS));
        }
        out.put(K_ACTION).put(action);
        out.put(K_ADMIN_OVERRIDE).put(adminOverride);
        out.put(K_USER_OVERRIDE).put(userOverride);
        out.put(K_SCAN_RESULT).put(malicious ? MALICIOUS_RESULT : CLEAN);
        out.put(K_CATEGORY).put(category);
        if (!legacy) {
            out.put(K_SENDING_IP).put(route == INTERNAL ? INTERNAL_IP : route == OUTBOUND ? pick(r, p.orgIps)
                    : campaign != null ? pick(campaign, p.externalIps) : pick(r, p.externalIps));
        }
        out.put(K_AWARENESS).put(awareness);
        out.put(K_DATE).put(date);
        if (!legacy) {
            out.put(K_ACTIONS).put(actions);
        }
        out.put(K_ROUTE).put(ROUTES[route]);
        if (!legacy) {
            out.put(K_CREATION).put(r.chance(0.96) ? USER_CLICK : ENTRY_SCAN);
            double parts = r.nextDouble();
            out.put(K_PARTS).put(parts < 0.88 ? PARTS_BODY : parts < 0.96 ? PARTS_ATTACHMENT : PARTS_BOTH);
            if (!noMessageId) {
                out.put(K_MESSAGE_ID);
                messageId(out, campaign != null ? campaign : r, MESSAGE_ID_HOSTS);
            }
            if (r.chance(0.25)) { // tagMap only appears in newer data
                out.put(K_TAG_MAP);
                tagMap(out, malicious, dangerous, category, urlStart, urlEnd);
            }
        }
        out.put((byte) '}');
    }

    /**
     * The click of an {@link PlantedPattern#IMPERSONATION_THEN_CLICK} pair: its recipient opens a link
     * of the impersonation message (same sender, same Message-ID); the URL is not known to be bad, so
     * the click is clean and allowed.
     */
    void companion(ByteSink out, AccountProfile p, long pairSeed, byte[] date) {
        ClickPair pair = ClickPair.of(p, pairSeed);
        Rng r = new Rng(pair.urlBits());
        out.put(K_USER).put(pair.recipient());
        out.put(K_FROM).string(pair.sender());
        out.put(K_URL).put(pick(r, CLEAN_URLS)).hex(r.nextLong(), 12).put((byte) '"');
        out.put(K_DEFINITION).put(pick(r, INBOUND_DEFINITIONS));
        out.put(K_SUBJECT).put(pair.subject());
        out.put(K_ACTION).put(ALLOW);
        out.put(K_ADMIN_OVERRIDE).put(NA);
        out.put(K_USER_OVERRIDE).put(NONE);
        out.put(K_SCAN_RESULT).put(CLEAN);
        out.put(K_CATEGORY).put(pick(r, CLEAN_CATEGORIES));
        out.put(K_SENDING_IP).put(pick(r, p.externalIps));
        out.put(K_AWARENESS).put(NA);
        out.put(K_DATE).put(date);
        out.put(K_ACTIONS).put(ACTIONS_ALLOW);
        out.put(K_ROUTE).put(ROUTES[INBOUND]);
        out.put(K_CREATION).put(USER_CLICK);
        out.put(K_PARTS).put(PARTS_BODY);
        out.put(K_MESSAGE_ID).string(pair.messageId());
        out.put((byte) '}');
    }

    private static void tagMap(ByteSink out, boolean malicious, boolean dangerous, byte[] category, int urlStart, int urlEnd) {
        if (dangerous) {
            out.ascii("{\"DangerousFileExt\":{\"Status\":[\"CustomerAll\",\"VerdictBlock\"],\"Inspect:FileExts\":[\"[exe]\"],"
                    + "\"ContentCheck:DangerousExtsUrlFileDownload\":[\"exe\"]}}");
            return;
        }
        out.ascii(malicious ? "{\"UrlReputationScan\":{\"Status\":[\"CustomerAll\",\"VerdictBlock\"],\"Type\":["
                : "{\"UrlReputationScan\":{\"Status\":[\"CustomerAll\",\"VerdictAllow\"],\"Type\":[");
        out.put(category).ascii("],\"Url\":[").copyOwn(urlStart, urlEnd).ascii("]}}");
    }
}
