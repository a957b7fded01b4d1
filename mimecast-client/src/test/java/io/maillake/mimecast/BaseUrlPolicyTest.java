package io.maillake.mimecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BaseUrlPolicyTest {

    @ParameterizedTest
    @CsvSource({
            "https://api.mimecast.com, https://api.mimecast.com",
            "https://eu-api.mimecast.com/, https://eu-api.mimecast.com",
            "https://US-API.mimecast.com, https://us-api.mimecast.com",
            "https://usb-api.mimecast.com, https://usb-api.mimecast.com",
            "https://je-api.mimecast.com, https://je-api.mimecast.com",
            "https://api.services.mimecast.com, https://api.services.mimecast.com",
            "https://uk-api.services.mimecast.com:443, https://uk-api.services.mimecast.com:443",
            "https://eu.services.mimecast.com, https://eu.services.mimecast.com",
            "https://uspcom-api.mimecast-pscom-us.com, https://uspcom-api.mimecast-pscom-us.com"})
    void acceptsMimecastApiHostsOverHttps(String input, String normalised) {
        assertThat(BaseUrlPolicy.strict().validate(input)).hasToString(normalised);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://eu-api.mimecast.com", "https://eu-api.mimecast.com.evil.example", "https://evil.example/eu-api.mimecast.com",
            "https://mimecast.com", "https://login.mimecast.com", "https://user:pw@eu-api.mimecast.com",
            "https://eu-api.mimecast.com/api", "https://eu-api.mimecast.com?x=1", "https://eu-api.mimecast.com:8443",
            "eu-api.mimecast.com", "", "  ", "ftp://eu-api.mimecast.com", "https://eu-api.mimecast.com#frag",
            "https://xapi.mimecast.com.", "http://127.0.0.1:9090", "https://services.mimecast.com",
            "https://a.b.services.mimecast.com", "https://-x.services.mimecast.com", "https://api.services.mimecast.com.evil.example"})
    void refusesEverythingElseWithAMessageThatSaysWhatIsExpected(String input) {
        assertThatThrownBy(() -> BaseUrlPolicy.strict().validate(input))
                .isInstanceOf(BaseUrlPolicy.InvalidBaseUrlException.class)
                .hasMessageStartingWith("base URL ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9090", "http://localhost:9090/", "https://sim.test:8443", "http://[::1]:9090"})
    void allowsAnyHttpUrlWhenInsecureBaseUrlsAreAllowed(String input) {
        assertThat(BaseUrlPolicy.fromValue("true").validate(input).getScheme()).startsWith("http");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1", "http://u:p@127.0.0.1", "127.0.0.1:9090"})
    void stillRefusesMalformedOrCredentialCarryingUrlsWhenInsecure(String input) {
        assertThatThrownBy(() -> BaseUrlPolicy.allowingInsecure().validate(input)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "", "yes", "1"})
    void staysStrictUnlessTheVariableIsExactlyTrue(String value) {
        assertThat(BaseUrlPolicy.fromValue(value).allowsInsecure()).isFalse();
    }
}
