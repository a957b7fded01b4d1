package io.maillake.domain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network in CIDR notation, e.g. {@code 10.0.0.0/8} or {@code fc00::/7}. */
public record Cidr(byte[] network, int prefix, String text) {
    /** Dotted decimal without leading zeros: {@code 010.0.0.1} is octal to some parsers and not an OCSF ip_t (RFC 6943 3.1.1). */
    private static final Pattern IPV4 = Pattern.compile("(?:0|[1-9]\\d{0,2})(?:\\.(?:0|[1-9]\\d{0,2})){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    /**
     * Parses CIDR notation. A bare address is a single host (/32 or /128).
     *
     * @throws IllegalArgumentException saying what is expected
     */
    public static Cidr parse(String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException("a CIDR range is empty");
        String s = value.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(address).orElseThrow(() -> new IllegalArgumentException(
                "'" + value + "' is not a CIDR range such as 192.168.0.0/16 or fc00::/7"));
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) throw new IllegalArgumentException("'" + value + "' has an invalid prefix length");
            prefix = Integer.parseInt(p);
            if (prefix > max) throw new IllegalArgumentException("'" + value + "' has a prefix longer than " + max + " bits");
        }
        byte[] network = mask(bytes, prefix);
        String text = canonicalAddress(network) + "/" + prefix;
        return new Cidr(network, prefix, text);
    }

    /** Whether {@code ip} (an IPv4 or IPv6 literal) lies in this network; false for anything that is not an IP. */
    public boolean contains(String ip) {
        return literal(ip).map(this::contains).orElse(false);
    }

    public boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(mask(address, prefix), network);
    }

    /**
     * The bytes of an IP literal, without ever resolving a host name (no DNS lookups on data from outside).
     */
    public static Optional<byte[]> literal(String ip) {
        if (ip == null) return Optional.empty();
        String s = ip.trim();
        byte[] v4 = dottedQuad(s);
        return v4 != null ? Optional.of(v4) : anyLiteral(s);
    }

    /** {@link #literal} without the IPv4 shortcut. */
    static Optional<byte[]> anyLiteral(String s) {
        boolean v4 = IPV4.matcher(s).matches();
        if (!v4 && !IPV6.matcher(s).matches()) return Optional.empty();
        if (v4) {
            for (String part : s.split("\\.")) if (Integer.parseInt(part) > 255) return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s).getAddress());
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * An IPv4 address in its plain form (four decimals 0-255 without leading zeros, the form {@code IPV4}
     * accepts), read by hand since every click carries one; null for anything else, which the general
     * path then reads.
     */
    private static byte[] dottedQuad(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0, n = s.length(); i <= n; i++) {
            char c = i < n ? s.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) return null; // a leading zero
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) return null;
            } else if (c == '.' && digits > 0 && part < 4) {
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - bits)));
        }
        return out;
    }

    private static String canonicalAddress(byte[] bytes) {
        try {
            String s = InetAddress.getByAddress(bytes).getHostAddress();
            return bytes.length == 16 ? compressIpv6(s) : s;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Java prints {@code fc00:0:0:0:0:0:0:0}; people write {@code fc00::}. */
    private static String compressIpv6(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < groups.length; ) {
            if (!groups[i].equals("0")) { i++; continue; }
            int j = i;
            while (j < groups.length && groups[j].equals("0")) j++;
            if (j - i > bestLen && j - i > 1) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        if (bestStart < 0) return full;
        String left = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
        String right = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return left + "::" + right;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Cidr c && c.text.equals(text);
    }

    @Override public int hashCode() { return text.hashCode(); }

    @Override public String toString() { return text; }
}
