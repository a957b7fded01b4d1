package io.maillake.notify;

import io.maillake.domain.Cidr;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which URLs a webhook may post to: {@code https://} anywhere but this machine and link-local
 * addresses. With {@value #ALLOW_LOOPBACK_ENV}{@code =true}, also {@code http://} or {@code https://}
 * to this machine (a receiver beside Maillake, tests); never {@code http://} elsewhere, since a
 * notification names users and URLs an attacker on the path should not read.
 *
 * <p>The host is judged as written, without resolving it: a name that resolves to this machine is
 * not caught (an administrator who controls DNS can reach it anyway).
 */
public final class WebhookUrlPolicy {
    public static final String ALLOW_LOOPBACK_ENV = "MAILLAKE_WEBHOOK_ALLOW_LOOPBACK";
    static final int MAX_LENGTH = 2000;

    private static final List<Cidr> LOOPBACK = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"),
            Cidr.parse("0.0.0.0/32"), Cidr.parse("::/128"));
    /**
     * Link-local, where cloud metadata services answer (169.254.169.254), and the other addresses of metadata
     * services (AWS's IPv6 one, Alibaba's): never a webhook receiver.
     */
    private static final List<Cidr> LINK_LOCAL = List.of(Cidr.parse("169.254.0.0/16"), Cidr.parse("fe80::/10"),
            Cidr.parse("fd00:ec2::254/128"), Cidr.parse("100.100.100.200/32"));
    /** Names of this machine, besides {@code localhost} and {@code *.localhost}. */
    private static final List<String> LOCAL_NAMES = List.of("localhost.localdomain", "ip6-localhost", "ip6-loopback");
    /** A last label of digits, or hex: an address some parsers read as IPv4 ({@code 2130706433}, {@code 0x7f.1}). */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(?:\\d+|0x[0-9a-f]*)");

    private final boolean allowLoopback;

    private WebhookUrlPolicy(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    public static WebhookUrlPolicy fromValue(String allowLoopback) {
        return new WebhookUrlPolicy("true".equalsIgnoreCase(allowLoopback == null ? "" : allowLoopback.strip()));
    }

    public static WebhookUrlPolicy strict() {
        return new WebhookUrlPolicy(false);
    }

    public static WebhookUrlPolicy allowingLoopback() {
        return new WebhookUrlPolicy(true);
    }

    /**
     * @return the URL as it will be used, or the problem ({@code "url: ..."}), which never quotes the URL
     *         (its path or query may hold the receiver's token)
     */
    public Checked check(String url) {
        if (url == null || url.isBlank()) return problem("enter the receiver's URL, such as https://soar.example.com/hooks/maillake");
        if (url.strip().length() > MAX_LENGTH) return problem("at most 2,000 characters");
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return problem("is not a valid URL (spaces and some characters must be percent-encoded)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.isOpaque()) {
            return problem("must be an absolute URL such as https://soar.example.com/hooks/maillake");
        }
        if (uri.getRawUserInfo() != null) {
            return problem("must not contain a user name or password; put the receiver's token in the path or query, or set a signing secret");
        }
        if (uri.getRawFragment() != null) return problem("must not have a fragment (#...)");
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.endsWith(".")) return problem("write the host name without a trailing dot");
        if (bare.contains("%")) return problem("must not name an IPv6 zone (%...): link-local addresses are not receivers");
        Optional<byte[]> ip = Cidr.literal(bare).map(WebhookUrlPolicy::embeddedIpv4);
        if (ip.isEmpty() && NUMERIC_LABEL.matcher(bare.substring(bare.lastIndexOf('.') + 1)).matches()) {
            return problem("write an IP address as four numbers from 0 to 255, such as 192.0.2.10");
        }
        if (ip.isPresent() && LINK_LOCAL.stream().anyMatch(c -> c.contains(ip.get()))) {
            return problem("must not be a link-local address (169.254.0.0/16, fe80::/10), where cloud metadata services answer");
        }
        if (bare.equals("metadata.google.internal")) {
            return problem("must not be a cloud metadata service");
        }
        boolean loopback = host.equals("localhost") || host.endsWith(".localhost") || LOCAL_NAMES.contains(bare)
                || ip.isPresent() && LOOPBACK.stream().anyMatch(c -> c.contains(ip.get()));
        if (loopback && !allowLoopback) {
            return problem("must not point at this machine (localhost, 127.0.0.0/8, ::1) unless " + ALLOW_LOOPBACK_ENV + "=true");
        }
        if (!scheme.equals("https") && !(loopback && scheme.equals("http"))) {
            return problem("must start with https://" + (allowLoopback ? " (http:// only to this machine)" : ""));
        }
        return new Checked(uri, null);
    }

    /**
     * The IPv4 address an IPv6 address carries (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-translated
     * {@code ::ffff:0:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}, 6to4
     * {@code 2002:AABB:CCDD::}), judged as that IPv4 address; others as they are.
     */
    static byte[] embeddedIpv4(byte[] ip) {
        if (ip.length != 16) return ip;
        boolean zero10 = true;
        for (int i = 0; i < 10; i++) zero10 &= ip[i] == 0;
        boolean mapped = zero10 && (ip[10] & 0xff) == 0xff && (ip[11] & 0xff) == 0xff;
        boolean zero8 = true;
        for (int i = 0; i < 8; i++) zero8 &= ip[i] == 0;
        boolean translated = zero8 && (ip[8] & 0xff) == 0xff && (ip[9] & 0xff) == 0xff && ip[10] == 0 && ip[11] == 0;
        boolean compat = zero10 && ip[10] == 0 && ip[11] == 0 && !(ip[12] == 0 && ip[13] == 0 && ip[14] == 0 && (ip[15] & 0xfe) == 0);
        boolean nat64 = ip[0] == 0 && ip[1] == 0x64 && (ip[2] & 0xff) == 0xff && (ip[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) nat64 = ip[i] == 0;
        if (mapped || translated || compat || nat64) return java.util.Arrays.copyOfRange(ip, 12, 16);
        if (ip[0] == 0x20 && ip[1] == 0x02) return java.util.Arrays.copyOfRange(ip, 2, 6);
        return ip;
    }

    private static Checked problem(String what) {
        return new Checked(null, "url: " + what);
    }

    /** A URL that passed ({@code uri}) or the problem with it. */
    public record Checked(URI uri, String problem) {
        public boolean ok() {
            return uri != null;
        }
    }

    /** What logs say of a webhook URL: scheme, host and port, never its path or query (they may hold the receiver's token). */
    public static String redacted(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
