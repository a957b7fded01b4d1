package io.maillake.mimecast;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which base URLs Maillake will send credentials to (API.md section 5): {@code https://} on a
 * Mimecast API host only, so keys cannot be sent to a mistyped or hostile server. With
 * {@code MAILLAKE_ALLOW_INSECURE_BASE_URL=true} any {@code http://} or {@code https://} URL is
 * allowed, for simulators and tests.
 */
public final class BaseUrlPolicy {
    public static final String ALLOW_INSECURE_ENV = "MAILLAKE_ALLOW_INSECURE_BASE_URL";

    /**
     * API 1.0 regional hosts ({@code api}, {@code us-api}, {@code eu-api}, ... {@code .mimecast.com}),
     * API 2.0 hosts (any {@code *.services.mimecast.com}: {@code api.}, its regional variants and those to come),
     * and the US public-sector host.
     */
    private static final Pattern MIMECAST_HOST = Pattern.compile(
            "(?:[a-z0-9]+-)?api\\.mimecast\\.com"
            + "|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.services\\.mimecast\\.com"
            + "|uspcom-api\\.mimecast-pscom-us\\.com");

    private final boolean allowInsecure;

    private BaseUrlPolicy(boolean allowInsecure) {
        this.allowInsecure = allowInsecure;
    }

    /** Strict unless {@value #ALLOW_INSECURE_ENV} is {@code true} in the environment. */
    public static BaseUrlPolicy fromEnvironment() {
        return fromValue(System.getenv(ALLOW_INSECURE_ENV));
    }

    public static BaseUrlPolicy fromValue(String allowInsecure) {
        return new BaseUrlPolicy("true".equalsIgnoreCase(allowInsecure == null ? "" : allowInsecure.trim()));
    }

    public static BaseUrlPolicy strict() { return new BaseUrlPolicy(false); }

    public static BaseUrlPolicy allowingInsecure() { return new BaseUrlPolicy(true); }

    public boolean allowsInsecure() { return allowInsecure; }

    /**
     * Checks a base URL and returns it normalised (lower-case host, no trailing slash).
     *
     * @throws InvalidBaseUrlException naming what is wrong and what is expected
     */
    public URI validate(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) throw invalid("is empty");
        URI uri;
        try {
            uri = new URI(baseUrl.trim());
        } catch (URISyntaxException e) {
            throw invalid("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null) throw invalid("must be an absolute URL such as https://eu-api.mimecast.com");
        if (uri.getRawUserInfo() != null) throw invalid("must not contain a user name or password");
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) throw invalid("must not have a query or fragment");
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (allowInsecure) {
            if (!scheme.equals("https") && !scheme.equals("http")) throw invalid("must start with http:// or https://");
        } else {
            if (!scheme.equals("https")) throw invalid("must start with https:// (set " + ALLOW_INSECURE_ENV + "=true only for simulators and tests)");
            if (!MIMECAST_HOST.matcher(host).matches()) {
                throw invalid("must be a Mimecast API host such as https://eu-api.mimecast.com (API 1.0) or "
                        + "https://api.services.mimecast.com (API 2.0); '" + host + "' is not one");
            }
            if (uri.getPort() != -1 && uri.getPort() != 443) throw invalid("must use the standard HTTPS port");
            if (!path.isEmpty() && !path.equals("/")) throw invalid("must not have a path: use only scheme and host");
        }
        String normalisedPath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        return URI.create(scheme + "://" + host + port + normalisedPath);
    }

    private static InvalidBaseUrlException invalid(String problem) {
        return new InvalidBaseUrlException("base URL " + problem);
    }

    /** A base URL the policy refuses; the message names the problem and what is expected. */
    public static final class InvalidBaseUrlException extends IllegalArgumentException {
        public InvalidBaseUrlException(String message) {
            super(message);
        }
    }
}
