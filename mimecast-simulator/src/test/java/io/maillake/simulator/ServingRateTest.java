package io.maillake.simulator;

import io.maillake.simulator.bench.ServingRate;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ServingRateTest {
    @Test
    void theServingRateLoopMeasuresFullPages() throws Exception {
        ServingRate.Result r = ServingRate.measure(Duration.ofMillis(300), Duration.ofMillis(700), 1);
        assertThat(r.records()).isPositive();
        assertThat(r.records() / Math.max(1, r.requests())).isGreaterThan(400); // 500-record pages, bar a last page
        assertThat(r.toString()).contains("recordsPerSecond");
    }
}
