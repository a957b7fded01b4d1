package io.maillake.simulator.gen;

import io.maillake.simulator.LogType;
import io.maillake.simulator.PlantedPattern;
import io.maillake.simulator.SimulatorConfig;
import io.maillake.simulator.TruthEvent;
import io.maillake.simulator.json.ByteSink;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The deterministic event source. Events are a pure function of (seed, account, log type,
 * second): per second a Poisson count with the configured mean, and per event a content seed,
 * a visibility instant and a head. Nothing is stored; any range can be generated on the fly, so
 * ground truth is exact. Thread-safe (immutable; scans bring their own {@link SecondBatch}).
 *
 * <p>Exact duplicates: event i &gt; 0 of a second copies the content seed of event i-1 with
 * probability {@code duplicateRate}, so identical records exist in one second, as in Mimecast.
 */
public final class EventGenerator {
    private static final long META_SALT = 0x5EC0_0D00_1234L;

    private final long seed;
    private final long historyStartSecond;
    private final double[] lambda = new double[LogType.values().length];
    private final double[] expMinusLambda = new double[LogType.values().length];
    private final double duplicateRate;
    private final double lateFraction;
    private final long lateDelayMillis;
    private final long lagMillis;
    private final AccountProfile[] profiles;
    private final RecordWriter[][] writers;
    /** Whether impersonation messages may have a planted click after them (see {@link #appendPlantedClicks}). */
    private final boolean plantedClicks;

    public EventGenerator(SimulatorConfig config, long historyStartSecond) {
        this.seed = config.seed();
        this.historyStartSecond = historyStartSecond;
        for (LogType t : LogType.values()) {
            lambda[t.ordinal()] = config.eventsPerMinute(t) / 60.0;
            expMinusLambda[t.ordinal()] = Math.exp(-lambda[t.ordinal()]);
        }
        this.duplicateRate = config.duplicateRate();
        this.lateFraction = config.lateFraction();
        this.lateDelayMillis = config.lateDelay().toMillis();
        this.lagMillis = config.visibilityLag().toMillis();
        this.profiles = new AccountProfile[config.accounts()];
        this.writers = new RecordWriter[config.accounts()][];
        for (int a = 0; a < profiles.length; a++) {
            profiles[a] = new AccountProfile(seed, a);
            writers[a] = new RecordWriter[] {
                    new ClickLogWriter(new PatternPicker(config, LogType.URL), Rng.hash(seed, 0xCA4L, a)),
                    new ImpersonationLogWriter(new PatternPicker(config, LogType.IMPERSONATION)),
                    new AttachmentLogWriter(new PatternPicker(config, LogType.ATTACHMENT), Rng.hash(seed, 0xA77L, a))};
        }
        this.plantedClicks = config.plantedRate(PlantedPattern.IMPERSONATION_THEN_CLICK) > 0
                && config.eventsPerMinute(LogType.IMPERSONATION) > 0;
    }

    /** First second that has events ({@code start - history}). */
    public long historyStartSecond() {
        return historyStartSecond;
    }

    public AccountProfile profile(int account) {
        return profiles[account];
    }

    /** Fills {@code batch} with the events of one second (none before the history start). */
    public void fill(SecondBatch batch, int account, LogType type, long second) {
        int t = type.ordinal();
        long secondSeed = Rng.hash(seed, account, t, second);
        int n = second < historyStartSecond ? 0 : new Rng(secondSeed).poisson(lambda[t], expMinusLambda[t]);
        batch.reset(second, n);
        RecordWriter writer = writers[account][t];
        for (int i = 0; i < n; i++) {
            Rng meta = new Rng(Rng.hash(secondSeed ^ META_SALT, i));
            long contentSeed = meta.nextLong();
            if (i > 0 && meta.chance(duplicateRate)) {
                batch.contentSeeds[i] = batch.contentSeeds[i - 1];
                batch.heads[i] = batch.heads[i - 1];
            } else {
                batch.contentSeeds[i] = contentSeed;
                batch.heads[i] = writer.head(new Rng(contentSeed));
            }
            long visible = second * 1000 + meta.nextInt(1000) + lagMillis;
            if (lateDelayMillis > 0 && meta.chance(lateFraction)) {
                visible += 1 + meta.nextLong(lateDelayMillis);
            }
            batch.visibleAt[i] = visible;
        }
        if (type == LogType.URL && plantedClicks) {
            appendPlantedClicks(batch, account, second);
        }
    }

    /**
     * The clicks of {@link PlantedPattern#IMPERSONATION_THEN_CLICK} pairs: each such impersonation
     * message of {@link PlantedPattern#CLICK_DELAY_SECONDS} ago adds one click to this second, after
     * the drawn events. Its content seed is the pair's seed; its head names the pattern.
     */
    private void appendPlantedClicks(SecondBatch batch, int account, long second) {
        long messageSecond = second - PlantedPattern.CLICK_DELAY_SECONDS;
        if (messageSecond < historyStartSecond) {
            return;
        }
        SecondBatch messages = batch.scratch();
        fill(messages, account, LogType.IMPERSONATION, messageSecond);
        for (int i = 0; i < messages.count; i++) {
            if (EventHead.pattern(messages.heads[i]) != PlantedPattern.IMPERSONATION_THEN_CLICK) {
                continue;
            }
            Rng r = new Rng(messages.contentSeeds[i]);
            writers[account][LogType.IMPERSONATION.ordinal()].head(r);
            long pairSeed = ImpersonationLogWriter.pairSeed(r);
            long visible = second * 1000 + new Rng(pairSeed ^ META_SALT).nextInt(1000) + lagMillis;
            batch.append(pairSeed, visible, EventHead.of(EventHead.INBOUND, EventHead.CLEAN, false,
                    PlantedPattern.IMPERSONATION_THEN_CLICK));
        }
    }

    /**
     * Appends the JSON object of one event of a {@link SecondBatch}; {@code date} is
     * {@link DateText#quoted(long)} of its second.
     */
    public void write(ByteSink out, int account, LogType type, long second, byte[] date, long contentSeed, int head) {
        if (type == LogType.URL && EventHead.pattern(head) == PlantedPattern.IMPERSONATION_THEN_CLICK) {
            ((ClickLogWriter) writers[account][type.ordinal()]).companion(out, profiles[account], contentSeed, date);
            return;
        }
        RecordWriter writer = writers[account][type.ordinal()];
        Rng r = new Rng(contentSeed);
        writer.body(out, profiles[account], r, writer.head(r), date, second);
    }

    /** Every event in [fromSecond, toSecond), oldest first, visible or not. */
    public void truth(int account, LogType type, long fromSecond, long toSecond, Consumer<TruthEvent> sink) {
        SecondBatch batch = new SecondBatch();
        ByteSink out = new ByteSink(4096);
        for (long s = Math.max(fromSecond, historyStartSecond); s < toSecond; s++) {
            fill(batch, account, type, s);
            if (batch.count == 0) {
                continue;
            }
            byte[] date = DateText.quoted(s);
            for (int i = 0; i < batch.count; i++) {
                out.reset();
                write(out, account, type, s, date, batch.contentSeeds[i], batch.heads[i]);
                sink.accept(new TruthEvent(Instant.ofEpochSecond(s), Instant.ofEpochMilli(batch.visibleAt[i]),
                        Optional.ofNullable(EventHead.pattern(batch.heads[i])), out.toString()));
            }
        }
    }
}
