package io.maillake.simulator.gen;

import io.maillake.simulator.json.ByteSink;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The organisation behind one account: its own domains, users, IPs, files and look-alike domains,
 * held as pre-encoded JSON string literals so that records are assembled by copying bytes.
 * Immutable after construction; derived from (seed, account index) only.
 */
public final class AccountProfile {
    /** One attachment: name, MIME type and SHA-256, each a quoted JSON string. */
    record FileEntry(byte[] name, byte[] type, byte[] hash) {
    }

    /** A look-alike domain and the account domain it imitates. */
    record Lookalike(String fake, String real) {
    }

    final String org;
    final List<String> domains;
    final byte[][] users;
    final String[] userEmails;
    final String[] userNames;
    final byte[][] lists;
    final byte[][] externalSenders;
    final String[] externalEmails;
    final byte[][] badSenders;
    final byte[][] firstContactSenders;
    final byte[][] externalIps;
    final byte[][] orgIps;
    final FileEntry[] files;
    final FileEntry[] badFiles;
    final byte[][] impersonationIds;
    final Lookalike[] lookalikes;

    public AccountProfile(long seed, int index) {
        Rng r = new Rng(Rng.hash(seed, 0xACC0L, index));
        org = Vocabulary.ORGS[index % Vocabulary.ORGS.length] + "-" + index;
        domains = List.of(org + ".example", org + "-group.example");

        int userCount = 150;
        users = new byte[userCount][];
        userEmails = new String[userCount];
        userNames = new String[userCount];
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < userCount; i++) {
            String first;
            String last;
            do {
                first = r.pick(Vocabulary.FIRST);
                last = r.pick(Vocabulary.LAST);
            } while (!seen.add(first + "." + last));
            String domain = r.chance(0.85) ? domains.get(0) : domains.get(1);
            userEmails[i] = first + "." + last + "@" + domain;
            userNames[i] = capital(first) + " " + capital(last);
            users[i] = ByteSink.quoted(userEmails[i]);
        }
        lists = new byte[Vocabulary.LISTS.length][];
        for (int i = 0; i < lists.length; i++) {
            lists[i] = ByteSink.quoted(Vocabulary.LISTS[i] + "@" + domains.get(0));
        }

        externalEmails = new String[300];
        externalSenders = new byte[externalEmails.length][];
        for (int i = 0; i < externalEmails.length; i++) {
            String local = r.chance(0.5) ? r.pick(Vocabulary.EXTERNAL_LOCAL)
                    : r.pick(Vocabulary.FIRST) + (r.chance(0.5) ? "." + r.pick(Vocabulary.LAST) : Integer.toString(r.nextInt(100)));
            externalEmails[i] = local + "@" + r.pick(Vocabulary.EXTERNAL_DOMAINS);
            externalSenders[i] = ByteSink.quoted(externalEmails[i]);
        }
        badSenders = new byte[40][];
        for (int i = 0; i < badSenders.length; i++) {
            badSenders[i] = ByteSink.quoted(r.pick(Vocabulary.EXTERNAL_LOCAL) + "@" + r.pick(Vocabulary.BAD_SENDER_DOMAINS));
        }

        externalIps = new byte[200][];
        String[] docNets = {"192.0.2.", "198.51.100.", "203.0.113."};
        for (int i = 0; i < externalIps.length; i++) {
            externalIps[i] = ByteSink.quoted(docNets[r.nextInt(2)] + (1 + r.nextInt(254)));
        }
        orgIps = new byte[4][];
        int orgBase = 1 + r.nextInt(200);
        for (int i = 0; i < orgIps.length; i++) {
            orgIps[i] = ByteSink.quoted(docNets[2] + (orgBase + i));
        }

        files = files(r, Vocabulary.CLEAN_FILES, 400);
        badFiles = files(r, Vocabulary.BAD_FILES, 60);

        impersonationIds = new byte[40][];
        for (int i = 0; i < impersonationIds.length; i++) {
            byte[] raw = new byte[48];
            for (int j = 0; j < raw.length; j++) {
                raw[j] = (byte) r.nextInt(256);
            }
            impersonationIds[i] = ByteSink.quoted("MTOKEN:eNq" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        }
        lookalikes = lookalikes(domains).toArray(Lookalike[]::new);
        // a stream of its own, so that adding this pool left every other value of the profile as it was
        Rng first = new Rng(Rng.hash(seed, 0xF1C0L, index));
        firstContactSenders = new byte[60][];
        for (int i = 0; i < firstContactSenders.length; i++) {
            firstContactSenders[i] = ByteSink.quoted(first.pick(Vocabulary.EXTERNAL_LOCAL) + "@" + first.pick(Vocabulary.FIRST_CONTACT_DOMAINS));
        }
    }

    private static FileEntry[] files(Rng r, String[][] kinds, int n) {
        FileEntry[] out = new FileEntry[n];
        for (int i = 0; i < n; i++) {
            String[] kind = kinds[r.nextInt(kinds.length)];
            String name = kind[0].replace("#", Integer.toString(100 + r.nextInt(9900)));
            StringBuilder hash = new StringBuilder(64);
            for (int j = 0; j < 4; j++) {
                hash.append(String.format("%016x", r.nextLong()));
            }
            out[i] = new FileEntry(ByteSink.quoted(name), ByteSink.quoted(kind[1]), ByteSink.quoted(hash.toString()));
        }
        return out;
    }

    /** Typosquats of the account's own domains: rn for m, digits for letters, extra words, other TLDs. */
    static List<Lookalike> lookalikes(List<String> domains) {
        List<Lookalike> out = new ArrayList<>();
        for (String d : domains) {
            int dot = d.indexOf('.');
            String label = d.substring(0, dot);
            String tld = d.substring(dot);
            Set<String> fakes = new LinkedHashSet<>();
            fakes.add(label.replaceFirst("m", "rn") + tld);
            fakes.add(label.replaceFirst("o", "0") + tld);
            fakes.add(label.replaceFirst("l", "1").replaceFirst("i", "l") + tld);
            fakes.add(label.replace("-", "") + tld);
            fakes.add(label + "-secure" + tld);
            fakes.add(label + "-support.test");
            fakes.add(label + tld.replace('.', '-') + ".test");
            fakes.add(label.charAt(0) + label.substring(0, 1) + label.substring(1) + tld);
            fakes.add(label.substring(0, 1) + label.substring(2) + tld);
            fakes.remove(d);
            for (String f : fakes) {
                out.add(new Lookalike(f, d));
            }
        }
        return out;
    }

    private static String capital(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    public List<String> domains() {
        return domains;
    }
}
