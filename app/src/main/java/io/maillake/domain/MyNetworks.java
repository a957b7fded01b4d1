package io.maillake.domain;

import java.net.IDN;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's "My domains and IPs": the organisation's own email domains and IP ranges. They decide
 * an email's direction where Mimecast gives none, and feed look-alike domain detections.
 */
public record MyNetworks(List<String> domains, List<Cidr> cidrs) {

    /** Private and local ranges, which apply until a tenant states its own. */
    public static final List<String> PRIVATE_RANGES = List.of(
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.1/32", "fc00::/7", "fe80::/10", "169.254.0.0/16");

    /** Hostname labels per RFC 1123, at least two labels, a final label that is not all digits. */
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?|xn--[a-z0-9-]{1,59})");

    public MyNetworks {
        domains = List.copyOf(domains);
        cidrs = List.copyOf(cidrs);
    }

    public static MyNetworks defaults() {
        return new MyNetworks(List.of(), PRIVATE_RANGES.stream().map(Cidr::parse).toList());
    }

    /**
     * Validates and normalises user input: domains lower-cased (IDNs to ASCII), duplicates removed.
     *
     * @throws InvalidInputException listing every bad entry, with the field and what is expected
     */
    public static MyNetworks parse(List<String> domainInput, List<String> cidrInput) {
        List<String> problems = new ArrayList<>();
        Set<String> domains = new LinkedHashSet<>();
        for (String d : domainInput) {
            Optional<String> normalised = normaliseDomain(d);
            if (normalised.isEmpty()) {
                problems.add("domains: '" + d + "' is not a domain name such as example.com");
            } else {
                domains.add(normalised.get());
            }
        }
        Set<Cidr> cidrs = new LinkedHashSet<>();
        for (String c : cidrInput) {
            try {
                cidrs.add(Cidr.parse(c));
            } catch (IllegalArgumentException e) {
                problems.add("cidrs: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        return new MyNetworks(List.copyOf(domains), List.copyOf(cidrs));
    }

    /** A domain in canonical form, or empty when it is not a valid domain name. */
    public static Optional<String> normaliseDomain(String input) {
        if (input == null) return Optional.empty();
        String s = input.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("@")) s = s.substring(1);
        if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        try {
            s = IDN.toASCII(s, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return DOMAIN.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }

    /** Whether {@code ip} is one of the organisation's addresses. */
    public boolean isInternalIp(String ip) {
        Optional<byte[]> bytes = Cidr.literal(ip);
        if (bytes.isEmpty()) return false;
        for (Cidr c : cidrs) if (c.contains(bytes.get())) return true;
        return false;
    }

    /** Whether an address (or bare domain) belongs to one of the organisation's domains or their subdomains. */
    public boolean isOwnAddress(String address) {
        String domain = domainOf(address);
        if (domain == null) return false;
        for (String d : domains) {
            if (domain.equals(d) || domain.endsWith("." + d)) return true;
        }
        return false;
    }

    /** The lower-cased domain of an email address, or null. Accepts {@code Name <user@domain>}. */
    public static String domainOf(String address) {
        if (address == null) return null;
        String s = address.trim();
        int lt = s.lastIndexOf('<');
        int gt = s.lastIndexOf('>');
        if (lt >= 0 && gt > lt) s = s.substring(lt + 1, gt);
        int at = s.lastIndexOf('@');
        String domain = (at >= 0 ? s.substring(at + 1) : s).trim().toLowerCase(Locale.ROOT);
        if (domain.endsWith(".")) domain = domain.substring(0, domain.length() - 1);
        return domain.isEmpty() ? null : domain;
    }
}
