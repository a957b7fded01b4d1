package io.maillake.simulator.http;

import java.time.Duration;

/** How a {@link Reply} goes onto the wire: normally, or damaged by a fault. */
public sealed interface Delivery {
    /** Status line, headers and body as usual. */
    record Normal() implements Delivery {
    }

    /** Close the connection without sending anything. */
    record Drop() implements Delivery {
    }

    /** Wait before sending the status line. */
    record DelayHeaders(Duration delay) implements Delivery {
    }

    /** Send the body in {@code chunks} pieces with a pause before each. */
    record Trickle(int chunks, Duration pause) implements Delivery {
    }

    /**
     * Send half the body, then close the connection: with {@code chunked} the body is chunked and
     * the final chunk never comes, otherwise Content-Length announces the full body.
     */
    record Truncate(boolean chunked) implements Delivery {
    }

    Delivery NORMAL = new Normal();
}
