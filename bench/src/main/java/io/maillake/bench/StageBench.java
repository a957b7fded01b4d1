package io.maillake.bench;

import io.maillake.domain.EmailEvent;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.StreamCursor;
import io.maillake.domain.StreamKey;
import io.maillake.lake.embedded.EmbeddedLake;
import io.maillake.mimecast.BaseUrlPolicy;
import io.maillake.mimecast.Credentials;
import io.maillake.mimecast.LogQuery;
import io.maillake.mimecast.LogType;
import io.maillake.mimecast.MimecastClient;
import io.maillake.mimecast.MimecastConnector;
import io.maillake.normalise.Normaliser;
import io.maillake.normalise.OrdinalCounter;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Ingest taken apart: the rate of each stage of the collector's pipeline on its own, one thread
 * each, so the slowest stage (which bounds a single stream's ingest rate) is plain. Stages: the
 * client's paging from the simulator (fetch, parse, raw record kept), the normaliser (record to
 * row, {@code event_uid}), and the lake's commit of 10,000-event batches (Parquet written, catalog
 * and cursor committed).
 *
 * <pre>bench/run stages [events=200000] [rounds=5]</pre>
 */
public final class StageBench {
    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double perMinute = 2000;
        Duration history = Duration.ofMinutes((long) Math.ceil(events / perMinute) + 1);
        SimulatorConfig config = SimulatorConfig.builder().port(0).seed(3).history(history.plusMinutes(5))
                .eventsPerMinute(io.maillake.simulator.LogType.URL, perMinute).lateFraction(0).duplicateRate(0.01).build();
        try (MimecastSimulator sim = MimecastSimulator.start(config);
             MimecastConnector connector = MimecastConnector.builder().baseUrlPolicy(BaseUrlPolicy.allowingInsecure()).build()) {
            var c = sim.account(0).api2();
            MimecastClient client = connector.client(sim.baseUrl().toString(), new Credentials.Api2(c.clientId(), c.clientSecret()));
            Instant to = Instant.now().minusSeconds(60);
            LogQuery query = LogQuery.window(LogType.URL, to.minus(history), to);
            List<String> raw = new ArrayList<>();
            double[] fetch = new double[rounds];
            for (int r = -1; r < rounds; r++) {
                List<String> got = new ArrayList<>();
                long t0 = System.nanoTime();
                client.readAll(query, null, page -> {
                    got.addAll(page.records());
                    return got.size() < events;
                });
                if (r >= 0) fetch[r] = got.size() / ((System.nanoTime() - t0) / 1e9);
                raw = got;
            }
            System.out.printf("records: %,d URL clicks%n", raw.size());
            System.out.printf("client paging (fetch + parse + raw kept): median %,.0f records/s (range %s)%n",
                    Stats.median(fetch), Stats.range(fetch));

            Normaliser.Context ctx = new Normaliser.Context("default", "bench", MyNetworks.defaults(), Instant.now(), to);
            double[] norm = new double[rounds];
            List<EmailEvent> rows = null;
            for (int r = -2; r < rounds; r++) {
                OrdinalCounter ordinals = new OrdinalCounter();
                List<EmailEvent> out = new ArrayList<>(raw.size());
                long t0 = System.nanoTime();
                for (String s : raw) out.add(Normaliser.normalise(LogType.URL, s, ctx, ordinals));
                if (r >= 0) norm[r] = out.size() / ((System.nanoTime() - t0) / 1e9);
                rows = out;
            }
            System.out.printf("normaliser: median %,.0f events/s (range %s)%n", Stats.median(norm), Stats.range(norm));

            Path dir = Files.createTempDirectory("maillake-stages");
            double[] write = new double[rounds];
            try (EmbeddedLake lake = new EmbeddedLake(dir, Clock.systemUTC())) {
                // one stream throughout (the rows are its events), its cursor carried from round to round
                StreamKey key = new StreamKey("default", "bench", LogType.URL);
                StreamCursor cursor = StreamCursor.INITIAL;
                for (int r = -1; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    for (int from = 0; from < rows.size(); from += 10_000) {
                        List<EmailEvent> batch = rows.subList(from, Math.min(rows.size(), from + 10_000));
                        StreamCursor next = new StreamCursor(batch.getLast().time(), null, null, cursor.version());
                        cursor = lake.commit(key, batch, cursor.version(), next);
                    }
                    if (r >= 0) write[r] = rows.size() / ((System.nanoTime() - t0) / 1e9);
                }
            }
            System.out.printf("lake commit (10,000-event batches): median %,.0f events/s (range %s)%n",
                    Stats.median(write), Stats.range(write));
        }
    }
}
