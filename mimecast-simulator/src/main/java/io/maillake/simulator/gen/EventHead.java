package io.maillake.simulator.gen;

import io.maillake.simulator.PlantedPattern;

/**
 * The filterable attributes of an event, decided first from its random stream so that filters
 * can be applied without writing the record. Packed into an int (bits 0-1 route, 2-4 verdict,
 * 5 taggedMalicious, 6-9 planted pattern + 1) because millions are computed per second of serving.
 */
public final class EventHead {
    public static final int INBOUND = 0;
    public static final int OUTBOUND = 1;
    public static final int INTERNAL = 2;

    /** URL scanResult codes. */
    public static final int CLEAN = 0;
    public static final int MALICIOUS = 1;

    /** Attachment result codes; MALICIOUS is shared with URL. */
    public static final int SAFE = 0;
    public static final int TIMEOUT = 2;
    public static final int ERROR = 3;

    private static final PlantedPattern[] PATTERNS = PlantedPattern.values();

    private EventHead() {
    }

    public static int of(int route, int verdict, boolean tagged, PlantedPattern pattern) {
        return route | verdict << 2 | (tagged ? 1 : 0) << 5 | (pattern == null ? 0 : pattern.ordinal() + 1) << 6;
    }

    public static int route(int head) {
        return head & 3;
    }

    public static int verdict(int head) {
        return head >>> 2 & 7;
    }

    public static int tagged(int head) {
        return head >>> 5 & 1;
    }

    public static PlantedPattern pattern(int head) {
        int p = head >>> 6 & 15;
        return p == 0 ? null : PATTERNS[p - 1];
    }
}
