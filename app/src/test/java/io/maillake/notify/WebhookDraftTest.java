package io.maillake.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.detect.Severity;
import io.maillake.domain.InvalidInputException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a webhook's settings must be: each bad field named with what is expected, and the secret never quoted. */
class WebhookDraftTest {
    static final String SECRET = "a-secret-of-twenty-chars";

    static List<String> problems(WebhookDraft d, WebhookUrlPolicy policy) {
        try {
            d.validate(policy);
            return List.of();
        } catch (InvalidInputException e) {
            return e.problems();
        }
    }

    static String urlProblem(String url, WebhookUrlPolicy policy) {
        List<String> p = problems(new WebhookDraft(url, null, null, null, null), policy);
        assertThat(p).hasSizeLessThanOrEqualTo(1);
        return p.isEmpty() ? null : p.getFirst();
    }

    @Test
    void goodSettingsPassWithTheirDefaults() {
        WebhookDraft.Valid v = new WebhookDraft(" https://soar.example.com/hooks/maillake?token=abc ", null, null, null, null)
                .validate(WebhookUrlPolicy.strict());
        assertThat(v.url().toString()).isEqualTo("https://soar.example.com/hooks/maillake?token=abc");
        assertThat(v.minSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(v.enabled()).isTrue();
        assertThat(v.secret()).isInstanceOf(WebhookDraft.SecretChange.Keep.class);
        assertThat(new WebhookDraft("https://h.example", SECRET, null, "HIGH", false).validate(WebhookUrlPolicy.strict()))
                .satisfies(x -> {
                    assertThat(x.secret()).isEqualTo(new WebhookDraft.SecretChange.Set(SECRET));
                    assertThat(x.minSeverity()).isEqualTo(Severity.HIGH);
                    assertThat(x.enabled()).isFalse();
                });
        assertThat(new WebhookDraft("https://h.example", "", true, null, null).validate(WebhookUrlPolicy.strict()).secret())
                .isInstanceOf(WebhookDraft.SecretChange.Remove.class);
    }

    @Test
    void everyBadFieldIsNamedOnceWithWhatIsExpected() {
        List<String> p = problems(new WebhookDraft("ftp://files.example/x", "short", null, "urgent", true), WebhookUrlPolicy.strict());
        assertThat(p).hasSize(3);
        assertThat(p.get(0)).isEqualTo("url: must start with https://");
        assertThat(p.get(1)).isEqualTo("secret: at least 16 characters: a random string that the receiver knows too");
        assertThat(p.get(2)).isEqualTo("minSeverity: expected one of informational, low, medium, high, critical");
        assertThat(String.join(" ", p)).doesNotContain("short");
    }

    @Test
    void theSecretIsCheckedWithoutEverBeingQuoted() {
        String longOne = "x".repeat(257);
        for (String bad : List.of("tab\tinside-the-secret-text", " leading-space-secret-text", "short", longOne)) {
            List<String> p = problems(new WebhookDraft("https://h.example", bad, null, null, null), WebhookUrlPolicy.strict());
            assertThat(p).singleElement().satisfies(m -> {
                assertThat(m).startsWith("secret: ");
                assertThat(m).doesNotContain(bad.strip());
            });
        }
        assertThat(problems(new WebhookDraft("https://h.example", SECRET, true, null, null), WebhookUrlPolicy.strict()))
                .containsExactly("secret: give a new secret or removeSecret, not both");
    }

    @Test
    void urlsMustBeHttpsElsewhereThanThisMachine() {
        WebhookUrlPolicy strict = WebhookUrlPolicy.strict();
        assertThat(urlProblem("https://soar.example.com:8443/in", strict)).isNull();
        assertThat(urlProblem("https://10.1.2.3/in", strict)).as("an internal receiver").isNull();
        assertThat(urlProblem("", strict)).startsWith("url: enter the receiver's URL");
        assertThat(urlProblem("http://soar.example.com/in", strict)).isEqualTo("url: must start with https://");
        assertThat(urlProblem("soar.example.com/in", strict)).startsWith("url: must be an absolute URL");
        assertThat(urlProblem("https://user:pw@soar.example.com/", strict)).startsWith("url: must not contain a user name or password");
        assertThat(urlProblem("https://soar.example.com/#x", strict)).isEqualTo("url: must not have a fragment (#...)");
        assertThat(urlProblem("https://soar example.com/", strict)).startsWith("url: is not a valid URL");
        assertThat(urlProblem("https://h.example/" + "a".repeat(2000), strict)).isEqualTo("url: at most 2,000 characters");
        assertThat(urlProblem("https://169.254.169.254/latest", strict)).startsWith("url: must not be a link-local address");
        assertThat(urlProblem("https://[fe80::1]/", strict)).startsWith("url: must not be a link-local address");
        for (String here : List.of("https://localhost/", "https://127.0.0.1/", "https://127.9.9.9:9/", "https://[::1]/",
                "https://0.0.0.0/", "https://[::ffff:127.0.0.1]/", "https://api.localhost/", "https://localhost.localdomain/",
                "https://[::127.0.0.1]/", "https://[::ffff:0:127.0.0.1]/", "https://[64:ff9b::127.0.0.1]/", "https://[2002:7f00:1::]/")) {
            assertThat(urlProblem(here, strict)).as(here).startsWith("url: must not point at this machine");
        }
        for (String metadata : List.of("https://[fd00:ec2::254]/", "https://100.100.100.200/", "https://[::ffff:169.254.169.254]/",
                "https://[2002:a9fe:a9fe::]/")) {
            assertThat(urlProblem(metadata, strict)).as(metadata).startsWith("url: must not be a link-local address");
        }
        assertThat(urlProblem("https://metadata.google.internal/", strict)).startsWith("url: must not be a cloud metadata service");
        assertThat(urlProblem("https://localhost./", strict)).isEqualTo("url: write the host name without a trailing dot");
        assertThat(urlProblem("https://soar.example.com./", strict)).isEqualTo("url: write the host name without a trailing dot");
        assertThat(urlProblem("https://[fe80::1%25eth0]/", strict)).startsWith("url: must not name an IPv6 zone");
        assertThat(urlProblem("https://[2001:db8::1]/", strict)).as("an ordinary IPv6 address").isNull();
        assertThat(urlProblem("https://10.1.2.3/", strict)).as("a private address inside the network").isNull();
        for (String odd : List.of("https://2130706433/", "https://0x7f000001/", "https://010.0.0.1/")) {
            assertThat(urlProblem(odd, strict)).as(odd).startsWith("url: write an IP address as four numbers");
        }
        assertThat(urlProblem("https://127.1/", strict)).as("not a host name to java.net.URI").startsWith("url: must be an absolute URL");
    }

    @Test
    void theLoopbackSwitchAllowsHttpToThisMachineOnly() {
        WebhookUrlPolicy loopback = WebhookUrlPolicy.allowingLoopback();
        assertThat(urlProblem("http://127.0.0.1:9000/in", loopback)).isNull();
        assertThat(urlProblem("http://localhost:9000/in", loopback)).isNull();
        assertThat(urlProblem("https://[::1]:9000/in", loopback)).isNull();
        assertThat(urlProblem("http://soar.example.com/in", loopback)).isEqualTo("url: must start with https:// (http:// only to this machine)");
        assertThat(urlProblem("http://169.254.169.254/", loopback)).startsWith("url: must not be a link-local address");
        assertThat(WebhookUrlPolicy.fromValue("TRUE").check("http://127.0.0.1/").ok()).isTrue();
        assertThat(WebhookUrlPolicy.fromValue(null).check("http://127.0.0.1/").ok()).isFalse();
    }

    @Test
    void problemsAndToStringNeverQuoteTheUrlsTokenOrTheSecret() {
        String url = "http://soar.example.com/hook/T0KEN?key=S3CRET";
        assertThat(urlProblem(url, WebhookUrlPolicy.strict())).doesNotContain("T0KEN").doesNotContain("S3CRET");
        assertThat(new WebhookDraft(url, SECRET, null, null, null).toString()).doesNotContain("T0KEN").doesNotContain(SECRET);
        assertThat(WebhookUrlPolicy.redacted(URI.create(url))).isEqualTo("http://soar.example.com");
    }
}
