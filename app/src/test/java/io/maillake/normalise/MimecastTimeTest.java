package io.maillake.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

class MimecastTimeTest {

    @Test
    void readsMimecastsFormsAndRefusesTheRest() {
        assertThat(MimecastTime.parse("2021-11-10T08:55:53+0000")).contains(Instant.parse("2021-11-10T08:55:53Z"));
        assertThat(MimecastTime.parse(" 2021-11-10T09:55:53+0100 ")).contains(Instant.parse("2021-11-10T08:55:53Z"));
        assertThat(MimecastTime.parse("2021-11-10T08:55:53Z")).contains(Instant.parse("2021-11-10T08:55:53Z"));
        assertThat(MimecastTime.parse("2021-11-10T08:55:53.987+00:00")).contains(Instant.parse("2021-11-10T08:55:53Z"));
        assertThat(MimecastTime.parse("2024-02-29T23:59:59-0230")).contains(Instant.parse("2024-03-01T02:29:59Z"));
        assertThat(MimecastTime.parse("2021-13-10T08:55:53+0000")).isEmpty();
        assertThat(MimecastTime.parse("yesterday")).isEmpty();
        assertThat(MimecastTime.parse(null)).isEmpty();
    }

    /** The hand-written reading of the usual form agrees with the formatter on everything it takes. */
    @Property(tries = 3000)
    void theUsualFormIsReadAsTheFormatterReadsIt(@ForAll("timestamps") String text) {
        long usual = MimecastTime.usual(text);
        boolean taken = usual != Long.MIN_VALUE;
        Statistics.label("read by hand").collect(taken).coverage(c -> c.check(true).percentage(p -> p > 20));
        if (taken) assertThat(Optional.of(Instant.ofEpochSecond(usual))).as(text).isEqualTo(MimecastTime.withFormatter(text));
    }

    @Provide
    Arbitrary<String> timestamps() {
        Arbitrary<Integer> year = Arbitraries.oneOf(Arbitraries.integers().between(1970, 2100), Arbitraries.integers().between(0, 9999));
        Arbitrary<Integer> month = Arbitraries.integers().between(0, 13);
        Arbitrary<Integer> day = Arbitraries.integers().between(0, 32);
        Arbitrary<Integer> hour = Arbitraries.integers().between(0, 25);
        Arbitrary<Integer> sixty = Arbitraries.integers().between(0, 61);
        Arbitrary<String> offset = Arbitraries.oneOf(Arbitraries.of("+0000", "Z", "-0000", "+0530", "-1200", "+1800", "+0060", "+00:00", "z"),
                Combinators.combine(Arbitraries.of('+', '-'), Arbitraries.integers().between(0, 19), Arbitraries.integers().between(0, 60))
                        .as((s, h, m) -> "%c%02d%02d".formatted(s, h, m)));
        return Combinators.combine(year, month, day, hour, sixty, sixty, offset)
                .as((y, mo, d, h, mi, s, o) -> "%04d-%02d-%02dT%02d:%02d:%02d%s".formatted(y, mo, d, h, mi, s, o));
    }
}
