package io.maillake.simulator.logs;

import io.maillake.simulator.gen.EventHead;

/**
 * The endpoint filters as bit masks over {@link EventHead} values: bit n of {@code routeMask}
 * admits route n, and so on. An empty mask admits nothing (e.g. attachment {@code result=unknown},
 * a value the generator never emits).
 */
public record EventFilter(int routeMask, int verdictMask, int taggedMask) {
    public static final EventFilter ALL = new EventFilter(0b111, 0xFF, 0b11);

    public boolean matches(int head) {
        return (routeMask >>> EventHead.route(head) & 1) != 0
                && (verdictMask >>> EventHead.verdict(head) & 1) != 0
                && (taggedMask >>> EventHead.tagged(head) & 1) != 0;
    }
}
