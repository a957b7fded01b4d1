package io.maillake.bench;

import java.util.Arrays;

/** Medians and ranges of repeated measurements (the machine is noisy: report medians). */
final class Stats {
    private Stats() { }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String range(double[] values) {
        double min = Arrays.stream(values).min().orElse(0);
        double max = Arrays.stream(values).max().orElse(0);
        return String.format("%,.0f-%,.0f", min, max);
    }

    /** Bytes allocated by every thread of this JVM so far, or -1 where the JVM cannot tell. */
    static long allocatedBytes() {
        if (java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t) {
            return t.getTotalThreadAllocatedBytes();
        }
        return -1;
    }
}
