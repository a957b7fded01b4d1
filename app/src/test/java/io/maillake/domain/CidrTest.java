package io.maillake.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void readsIpLiteralsWithoutResolvingNames() {
        assertThat(Cidr.literal("192.0.2.7")).hasValueSatisfying(b -> assertThat(b).containsExactly(192, 0, 2, 7));
        assertThat(Cidr.literal(" 10.0.0.255 ")).isPresent();
        assertThat(Cidr.literal("2001:db8::1")).hasValueSatisfying(b -> assertThat(b).hasSize(16));
        for (String no : new String[] {"010.0.0.1", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.4.", "localhost", "Internal IP", ""}) {
            assertThat(Cidr.literal(no)).as(no).isEmpty();
        }
    }

    /** The IPv4 shortcut reads exactly what the general path reads. */
    @Property(tries = 3000)
    void theIpv4ShortcutAgreesWithTheGeneralPath(@ForAll("addresses") String text) {
        assertThat(Cidr.literal(text).map(HexFormat.of()::formatHex)).as(text)
                .isEqualTo(Cidr.anyLiteral(text.trim()).map(HexFormat.of()::formatHex));
    }

    @Provide
    Arbitrary<String> addresses() {
        Arbitrary<String> part = Arbitraries.oneOf(Arbitraries.integers().between(0, 300).map(String::valueOf),
                Arbitraries.of("00", "01", "007", "", "1000", "a", "-1", " 1"));
        return Arbitraries.oneOf(part.list().ofMinSize(1).ofMaxSize(6).map(l -> String.join(".", l)),
                Arbitraries.strings().withChars("0123456789.:").ofMaxLength(16));
    }
}
