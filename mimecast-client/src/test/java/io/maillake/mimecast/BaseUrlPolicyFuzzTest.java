package io.maillake.mimecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes {@link BaseUrlPolicy}, which decides where credentials may be sent: any text is either a
 * normalised base URL the policy allows or an {@link BaseUrlPolicy.InvalidBaseUrlException} naming the
 * problem, never another exception. Strictly, only {@code https://} Mimecast API hosts pass, without
 * user info, path, query or another port; a URL that passes passes again unchanged (to the same server when
 * insecure URLs are allowed).
 */
class BaseUrlPolicyFuzzTest {
    private static final java.util.regex.Pattern MIMECAST_HOST = java.util.regex.Pattern.compile(
            "(?:[a-z0-9]+-)?api\\.mimecast\\.com|(?:[a-z0-9]+-)?api\\.services\\.mimecast\\.com|uspcom-api\\.mimecast-pscom-us\\.com");

    private static URI validateOrNull(BaseUrlPolicy policy, String url) {
        try {
            return policy.validate(url);
        } catch (BaseUrlPolicy.InvalidBaseUrlException refused) {
            assertThat(refused.getMessage()).startsWith("base URL ");
            return null;
        } catch (Throwable t) {
            throw new AssertionError("validate threw " + t + " for " + url, t);
        }
    }

    @Property(tries = 3000)
    void strictlyOnlyHttpsMimecastHostsPassAndPassAgainUnchanged(@ForAll("urls") String url) {
        URI uri = validateOrNull(BaseUrlPolicy.strict(), url);
        if (uri == null) return;
        assertThat(uri.getScheme()).isEqualTo("https");
        assertThat(uri.getHost()).matches(MIMECAST_HOST);
        assertThat(uri.getRawUserInfo()).isNull();
        assertThat(uri.getRawQuery()).isNull();
        assertThat(uri.getRawFragment()).isNull();
        assertThat(uri.getRawPath()).isEmpty();
        assertThat(uri.getPort()).isIn(-1, 443);
        assertThat(BaseUrlPolicy.strict().validate(uri.toString())).isEqualTo(uri);
    }

    @Property(tries = 3000)
    void withInsecureAllowedOnlyHttpAndHttpsPassAndPassAgainToTheSameServer(@ForAll("urls") String url) {
        URI uri = validateOrNull(BaseUrlPolicy.allowingInsecure(), url);
        if (uri == null) return;
        assertThat(uri.getScheme()).isIn("http", "https");
        assertThat(uri.getHost()).isNotNull();
        assertThat(uri.getRawUserInfo()).isNull();
        // paths are kept for simulators (only one trailing slash is dropped per pass), so compare where calls go
        URI again = BaseUrlPolicy.allowingInsecure().validate(uri.toString());
        assertThat(again.getScheme() + again.getHost() + again.getPort()).isEqualTo(uri.getScheme() + uri.getHost() + uri.getPort());
    }

    @Provide
    Arbitrary<String> urls() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80), Arbitraries.randomValue(BaseUrlPolicyFuzzTest::urlish));
    }

    /** Text shaped like a URL, assembled from parts that are each plausible, hostile or broken. */
    static String urlish(Random r) {
        String[] schemes = {"https://", "http://", "HTTPS://", "ftp://", "https:/", "https:", "", "javascript:", "file:///", " https://"};
        String[] users = {"", "", "", "user@", "user:pass@", "@", "api.mimecast.com@"};
        String[] hosts = {"api.mimecast.com", "eu-api.mimecast.com", "US-API.MIMECAST.COM", "api.services.mimecast.com",
                "uk-api.services.mimecast.com", "uspcom-api.mimecast-pscom-us.com", "api.mimecast.com.evil.example",
                "evilapi.mimecast.com", "api-mimecast.com", "127.0.0.1", "[::1]", "localhost", "xn--api-mimecast.com",
                "api.mimecast.com.", "api\u0000.mimecast.com", "\u0430pi.mimecast.com", "api.mimecast.com%2F", "", "eu-api.mimecast.com\\evil"};
        String[] ports = {"", "", "", ":443", ":8443", ":0", ":99999", ":", ":-1", ":abc"};
        String[] paths = {"", "", "", "/", "//", "/api", "/../x", "/%2e%2e/", "?q=1", "#frag", "/ ", "\n", "/\u00e9"};
        return pick(r, schemes) + pick(r, users) + pick(r, hosts) + pick(r, ports) + pick(r, paths) + (r.nextInt(8) == 0 ? " " : "");
    }

    private static String pick(Random r, String[] options) {
        return options[r.nextInt(options.length)];
    }
}
