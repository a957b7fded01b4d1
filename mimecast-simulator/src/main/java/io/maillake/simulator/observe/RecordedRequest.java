package io.maillake.simulator.observe;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request as the simulator saw it, with what it answered. {@code account} is the account the
 * request named (null if none), {@code fault} the kind of fault applied (null if none), and
 * {@code status} 0 when the connection was dropped without a response.
 */
public record RecordedRequest(Instant time, String method, String path, Map<String, List<String>> headers,
                              String body, int status, Integer account, String fault, int records) {
}
