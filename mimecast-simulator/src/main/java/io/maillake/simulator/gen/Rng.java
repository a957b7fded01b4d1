package io.maillake.simulator.gen;

/**
 * SplitMix64, written out here rather than using {@link java.util.SplittableRandom} so that the
 * generated data stays identical across JDK versions (the data is a pure function of the seed).
 * Not thread-safe; create one per use, they are cheap.
 */
public final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Order-sensitive hash of a seed and more values. */
    public static long hash(long seed, long... values) {
        long h = mix64(seed + GOLDEN);
        for (long v : values) {
            h = mix64(h ^ mix64(v + GOLDEN));
        }
        return h;
    }

    public long nextLong() {
        return mix64(state += GOLDEN);
    }

    /** Uniform in [0, bound), bound &gt; 0 (multiply-shift; the bias is below 2^-32). */
    public int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform in [0, bound), bound &gt; 0. */
    public long nextLong(long bound) {
        return Math.floorMod(nextLong(), bound);
    }

    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    public boolean chance(double p) {
        return nextDouble() < p;
    }

    public <T> T pick(T[] values) {
        return values[nextInt(values.length)];
    }

    /** Poisson-distributed count with mean {@code lambda}, {@code expMinusLambda = exp(-lambda)}. */
    public int poisson(double lambda, double expMinusLambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda < 30) {
            int k = 0;
            double p = nextDouble();
            while (p > expMinusLambda) {
                k++;
                p *= nextDouble();
            }
            return k;
        }
        // normal approximation, good enough above 30 and O(1)
        double u1 = Math.max(nextDouble(), 1e-300);
        double u2 = nextDouble();
        double gauss = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss));
    }
}
