package io.maillake.detect;

import io.maillake.domain.MyNetworks;
import java.net.IDN;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a domain imitates one of an organisation's own domains: the same name spelled with
 * look-alike characters ({@code rn} for {@code m}, {@code 0} for {@code o}, Cyrillic {@code а} for
 * Latin {@code a}), one or two typing edits away, the name under another top-level domain, or the
 * name inside a longer one ({@code acme-secure.com}, {@code acme.com.login.example}). An own domain
 * and its subdomains are never look-alikes. Pure and thread-safe.
 */
public final class Lookalikes {
    /** A match: which own domain the candidate imitates, and how. */
    public record Match(String ownDomain, String how) { }

    /**
     * Characters and pairs that look alike, mapped to one representative. Sources: Unicode
     * confusables (TR39) for the Cyrillic and Greek letters most used in IDN homograph attacks,
     * and the classic ASCII substitutions of typosquatting.
     */
    private static final Map<String, String> GLYPHS = Map.ofEntries(
            Map.entry("rn", "m"), Map.entry("vv", "w"), Map.entry("cl", "d"), Map.entry("0", "o"), Map.entry("1", "l"),
            Map.entry("i", "l"), Map.entry("|", "l"), Map.entry("5", "s"), Map.entry("3", "e"), Map.entry("8", "b"),
            Map.entry("а", "a"), Map.entry("е", "e"), Map.entry("о", "o"), Map.entry("р", "p"), Map.entry("с", "c"),
            Map.entry("у", "y"), Map.entry("х", "x"), Map.entry("і", "l"), Map.entry("ј", "j"), Map.entry("ѕ", "s"),
            Map.entry("ԁ", "d"), Map.entry("ɡ", "g"), Map.entry("һ", "h"), Map.entry("ո", "n"), Map.entry("ⅼ", "l"),
            Map.entry("α", "a"), Map.entry("ο", "o"), Map.entry("ν", "v"), Map.entry("ι", "l"), Map.entry("κ", "k"),
            Map.entry("τ", "t"), Map.entry("ρ", "p"), Map.entry("ε", "e"));
    /** Second-level labels under which a country code registers names (acme.co.uk): not the brand. */
    private static final Set<String> SECOND_LEVEL = Set.of("co", "com", "net", "org", "ac", "gov", "edu", "ltd", "plc", "ne", "or");
    /** Brands shorter than this match only as exact homoglyphs: edits of a 3-letter name hit too many real names. */
    private static final int MIN_FUZZY_LENGTH = 5;

    private Lookalikes() { }

    /** The own domain {@code candidate} imitates, if it imitates one; {@code candidate} may be an address. */
    public static Optional<Match> match(String candidate, List<String> ownDomains) {
        String domain = unicode(MyNetworks.domainOf(candidate));
        if (domain == null || !domain.contains(".")) return Optional.empty();
        for (String own : ownDomains) {
            String o = unicode(own);
            if (domain.equals(o) || domain.endsWith("." + o)) return Optional.empty();
        }
        for (String own : ownDomains) {
            Optional<String> how = how(domain, unicode(own));
            if (how.isPresent()) return Optional.of(new Match(own, how.get()));
        }
        return Optional.empty();
    }

    private static Optional<String> how(String domain, String own) {
        String brand = brand(own);
        String label = brand(domain);
        if (brand == null || label == null) return Optional.empty();
        String skeletonBrand = skeleton(brand);
        String skeletonLabel = skeleton(label);
        if (skeleton(domain).equals(skeleton(own))) return Optional.of("homoglyph");
        if (label.equals(brand)) return Optional.of("same name under another domain");
        if (skeletonLabel.equals(skeletonBrand)) return Optional.of("homoglyph");
        if (brand.length() >= MIN_FUZZY_LENGTH) {
            int d = distance(skeletonLabel, skeletonBrand);
            int allowed = brand.length() >= 10 ? 2 : 1;
            if (d <= allowed) return Optional.of("typo (" + d + " edit" + (d == 1 ? "" : "s") + ")");
            if (containsToken(domain, brand) || containsToken(skeleton(domain), skeletonBrand)) return Optional.of("name inside another domain");
        }
        return Optional.empty();
    }

    /** Whether {@code brand} appears in {@code domain} as a whole part between dots and dashes. */
    private static boolean containsToken(String domain, String brand) {
        int i = domain.indexOf(brand);
        while (i >= 0) {
            int end = i + brand.length();
            boolean startOk = i == 0 || domain.charAt(i - 1) == '.' || domain.charAt(i - 1) == '-';
            boolean endOk = end == domain.length() || domain.charAt(end) == '.' || domain.charAt(end) == '-';
            if (startOk && endOk) return true;
            i = domain.indexOf(brand, i + 1);
        }
        return false;
    }

    /** The registrable name without its suffix: {@code acme} of {@code mail.acme.co.uk}. */
    static String brand(String domain) {
        String[] labels = domain.split("\\.");
        if (labels.length < 2) return null;
        int i = labels.length - 2;
        if (i > 0 && SECOND_LEVEL.contains(labels[i]) && labels[labels.length - 1].length() == 2) i--;
        return labels[i];
    }

    /** The domain with look-alike characters replaced by one representative each. */
    static String skeleton(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            if (i + 1 < s.length()) {
                String pair = GLYPHS.get(s.substring(i, i + 2));
                if (pair != null) {
                    out.append(pair);
                    i += 2;
                    continue;
                }
            }
            String one = GLYPHS.get(s.substring(i, i + 1));
            out.append(one != null ? one : s.substring(i, i + 1));
            i++;
        }
        return out.toString();
    }

    /** Damerau-Levenshtein distance (optimal string alignment): transposed letters are one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** Lower case, punycode ({@code xn--}) decoded so that Cyrillic look-alikes show as such. */
    private static String unicode(String domain) {
        if (domain == null) return null;
        String d = domain.toLowerCase(Locale.ROOT);
        try {
            return IDN.toUnicode(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return d;
        }
    }
}
