package io.maillake.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingTest {
    private static MimecastSimulator sim;
    private static SimHttp http;

    @BeforeAll
    static void start() {
        sim = MimecastSimulator.start(TestSims.small(TestSims.clock()).build());
        http = new SimHttp(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
        sim.close();
    }

    @Test
    void anUnknownPathIs404WithAJsonBody() {
        SimHttp.Response r = http.post("/api/ttp/nothing/get-logs", Map.of("Content-Type", "application/json"), "{}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.failCode()).isEqualTo("err_not_found");
    }

    @Test
    void anyMethodButPostIs405WithAJsonBody() {
        for (String method : new String[] {"GET", "PUT", "DELETE"}) {
            SimHttp.Response r = http.send(method, LogType.ATTACHMENT.path(), method.equals("GET") ? null : "{}");
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.failCode()).isEqualTo("err_method_not_allowed");
            assertThat(r.header("Allow")).isEqualTo("POST");
        }
        assertThat(http.send("GET", "/oauth/token", null).status()).isEqualTo(405);
    }
}
