package io.maillake.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LookalikesTest {
    static final List<String> OWN = List.of("acmecorp.example", "acme-group.co.uk");

    @Test
    void homoglyphsTyposOtherSuffixesAndTheNameInsideAnotherDomainAreLookAlikes() {
        assertThat(Lookalikes.match("it@acrnecorp.example", OWN)).hasValueSatisfying(m -> assertThat(m.how()).isEqualTo("homoglyph"));
        assertThat(Lookalikes.match("acmec0rp.example", OWN)).hasValueSatisfying(m -> assertThat(m.ownDomain()).isEqualTo("acmecorp.example"));
        assertThat(Lookalikes.match(java.net.IDN.toASCII("\u0430cmecorp.example"), OWN)).isPresent();
        assertThat(Lookalikes.match("acmecrop.example", OWN)).hasValueSatisfying(m -> assertThat(m.how()).startsWith("typo"));
        assertThat(Lookalikes.match("acmecorp.test", OWN)).isPresent();
        assertThat(Lookalikes.match("acmecorp-secure.example", OWN)).isPresent();
        assertThat(Lookalikes.match("login.acmecorp.example.evil.test", OWN)).isPresent();
        assertThat(Lookalikes.match("acme-gruop.co.uk", OWN)).hasValueSatisfying(m -> assertThat(m.ownDomain()).isEqualTo("acme-group.co.uk"));
    }

    @Test
    void ownDomainsTheirSubdomainsAndUnrelatedDomainsAreNot() {
        assertThat(Lookalikes.match("Ann <ann@acmecorp.example>", OWN)).isEmpty();
        assertThat(Lookalikes.match("mail.acmecorp.example", OWN)).isEmpty();
        assertThat(Lookalikes.match("ACMECORP.EXAMPLE", OWN)).isEmpty();
        assertThat(Lookalikes.match("contoso.example.com", OWN)).isEmpty();
        assertThat(Lookalikes.match("macrocorp.example", OWN)).isEmpty();
        assertThat(Lookalikes.match("<>", OWN)).isEmpty();
        assertThat(Lookalikes.match(null, OWN)).isEmpty();
        assertThat(Lookalikes.match("acme.example", List.of("abc.example"))).isEmpty();
    }
}
