package io.maillake.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The windows that reach a threshold among events next to a closed detection, counted as the rule's SQL counts them. */
class ReachingThresholdTest {
    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    private static final Logic.Threshold THREE_IN_TEN_MINUTES = new Logic.Threshold("recipient", 3, Duration.ofMinutes(10));

    private static List<Evidence> events(Object... minuteAndValue) {
        List<Evidence> out = new ArrayList<>();
        for (int i = 0; i < minuteAndValue.length; i += 2) {
            out.add(new Evidence("campaign", "t", "uid-" + i / 2, T0.plus(Duration.ofMinutes((Integer) minuteAndValue[i])), "[\"g\"]",
                    Map.of(), (String) minuteAndValue[i + 1]));
        }
        return out;
    }

    private static List<String> uids(List<Evidence> events) {
        return events.stream().map(Evidence::eventUid).toList();
    }

    @Test
    void fewerDistinctValuesThanTheThresholdReachNothing() {
        assertThat(DetectionStore.reachingThreshold(events(0, "a", 1, "b", 2, "a", 3, "b"), THREE_IN_TEN_MINUTES)).isEmpty();
    }

    @Test
    void theEventsOfEveryWindowThatReachesItAreKeptOnceEach() {
        List<Evidence> e = events(0, "a", 1, "b", 2, "c", 3, "a", 30, "x", 31, "y", 45, "z");
        assertThat(uids(DetectionStore.reachingThreshold(e, THREE_IN_TEN_MINUTES))).containsExactly("uid-0", "uid-1", "uid-2", "uid-3");
    }

    @Test
    void theWindowIncludesItsStart() {
        assertThat(DetectionStore.reachingThreshold(events(0, "a", 5, "b", 10, "c"), THREE_IN_TEN_MINUTES)).hasSize(3);
        assertThat(DetectionStore.reachingThreshold(events(0, "a", 5, "b", 11, "c"), THREE_IN_TEN_MINUTES)).isEmpty();
    }

    @Test
    void nullValuesCountForNothingAsInTheRulesSql() {
        assertThat(DetectionStore.reachingThreshold(events(0, "a", 1, null, 2, null, 3, "b"), THREE_IN_TEN_MINUTES)).isEmpty();
        assertThat(DetectionStore.reachingThreshold(events(0, "a", 1, null, 2, "c", 3, "b"), THREE_IN_TEN_MINUTES)).hasSize(4);
    }
}
