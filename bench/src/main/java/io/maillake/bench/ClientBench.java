package io.maillake.bench;

import io.maillake.mimecast.BaseUrlPolicy;
import io.maillake.mimecast.Credentials;
import io.maillake.mimecast.LogQuery;
import io.maillake.mimecast.LogType;
import io.maillake.mimecast.MimecastClient;
import io.maillake.mimecast.MimecastConnector;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import io.maillake.simulator.bench.ServingRate;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The Mimecast client's paging rate against a server that replays pre-built 500-record pages (in
 * its own JVM, so only the client is measured), beside the ceiling: a bare JDK HttpClient loop
 * fetching the same pages and streaming-parsing every token. Then the simulator's serving rate.
 * Rounds alternate client and ceiling; the figures are medians.
 *
 * <pre>bench/run client [rounds] [seconds-per-round]</pre>
 */
public final class ClientBench {
    static final int PAGES = 20;
    static final int PAGE_SIZE = 500;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        Path dir = Files.createTempDirectory("maillake-bench-pages");
        long pageBytes = writePages(dir);
        Process server = new ProcessBuilder(javaBin(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ReplayServer.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try {
            int port = Integer.parseInt(new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine().trim());
            URI base = URI.create("http://127.0.0.1:" + port);
            System.out.printf("pages: %d x %d URL records, %.0f bytes per record on the wire%n", PAGES, PAGE_SIZE,
                    pageBytes / (double) (PAGES * PAGE_SIZE));
            run(base, rounds, seconds);
        } finally {
            server.destroy();
        }
        double[] sim = new double[3];
        for (int i = 0; i < sim.length; i++) {
            sim[i] = ServingRate.measure(Duration.ofSeconds(1), Duration.ofSeconds(3), 1).recordsPerSecond();
        }
        System.out.printf("simulator serving rate (1 client, not parsing): median %,.0f records/s (range %s)%n",
                Stats.median(sim), Stats.range(sim));
    }

    private static void run(URI base, int rounds, double seconds) throws Exception {
        MimecastConnector connector = MimecastConnector.builder().baseUrlPolicy(BaseUrlPolicy.allowingInsecure()).build();
        MimecastClient client = connector.client(base.toString(), new Credentials.Api1("00000000-0000-0000-0000-000000000000",
                "00000000-0000-0000-0000-000000000001", "bench-access-key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        LogQuery query = LogQuery.window(LogType.URL, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"));
        // warm-up: JIT both paths
        for (int i = 0; i < 3; i++) {
            measure(() -> clientPass(client, query), 2);
            measure(() -> baselinePass(http, base), 2);
        }
        double[] clientRate = new double[rounds];
        double[] baseRate = new double[rounds];
        double[] clientAlloc = new double[rounds];
        double[] baseAlloc = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double[] c = measure(() -> clientPass(client, query), seconds);
            double[] b = measure(() -> baselinePass(http, base), seconds);
            clientRate[r] = c[0];
            clientAlloc[r] = c[1];
            baseRate[r] = b[0];
            baseAlloc[r] = b[1];
            System.out.printf("round %d: client %,.0f rec/s (%,.0f B/rec), ceiling %,.0f rec/s (%,.0f B/rec)%n",
                    r + 1, c[0], c[1], b[0], b[1]);
        }
        double cm = Stats.median(clientRate);
        double bm = Stats.median(baseRate);
        System.out.printf("client paging rate:  median %,.0f records/s (range %s), %,.0f bytes allocated per record%n",
                cm, Stats.range(clientRate), Stats.median(clientAlloc));
        System.out.printf("ceiling (JDK HttpClient + Jackson streaming walk): median %,.0f records/s (range %s), %,.0f bytes per record%n",
                bm, Stats.range(baseRate), Stats.median(baseAlloc));
        System.out.printf("client / ceiling: %.0f%%%n", 100 * cm / bm);
        connector.close();
    }

    interface Pass {
        long run() throws Exception;
    }

    /** Repeats full passes over the pages for about {@code seconds}; returns records/s and bytes allocated per record. */
    private static double[] measure(Pass pass, double seconds) throws Exception {
        long records = 0;
        long a0 = Stats.allocatedBytes();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) records += pass.run();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long allocated = Stats.allocatedBytes() - a0;
        return new double[] {records / elapsed, a0 < 0 ? -1 : allocated / (double) records};
    }

    /** One pass through every page with the Maillake client: signing, rate-limit budget, typed parse, raw record capture. */
    private static long clientPass(MimecastClient client, LogQuery query) throws Exception {
        long[] n = {0};
        client.readAll(query, null, page -> {
            n[0] += page.records().size();
            return true;
        });
        return n[0];
    }

    private static final JsonFactory JSON = new JsonFactory();

    /** The ceiling: fetch each page and walk every JSON token, nothing else. */
    private static long baselinePass(HttpClient http, URI base) throws Exception {
        long records = 0;
        for (int page = 0; page < PAGES; page++) {
            String body = "{\"meta\":{\"pagination\":{\"pageSize\":500" + (page == 0 ? "" : ",\"pageToken\":\"p" + page + "\"") + "}},\"data\":[{}]}";
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/ttp/url/get-logs"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body(); JsonParser p = JSON.createParser(ObjectReadContext.empty(), in)) {
                int depth = 0;
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t == JsonToken.START_OBJECT) {
                        if (depth == 4) records++; // root > data > data[0] > clickLogs > record
                        depth++;
                    } else if (t == JsonToken.START_ARRAY) {
                        depth++;
                    } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                        depth--;
                    }
                }
            }
        }
        return records;
    }

    /** Realistic pages: the simulator's URL click records, 500 per page, chained by "pK" tokens. */
    private static long writePages(Path dir) throws Exception {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        long total = 0;
        try (MimecastSimulator sim = MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(5).history(Duration.ofHours(12))
                .clock(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC)).build())) {
            List<String> records = sim.groundTruth(0, io.maillake.simulator.LogType.URL, now.minus(Duration.ofHours(12)), now);
            for (int page = 0; page < PAGES; page++) {
                StringBuilder sb = new StringBuilder("{\"meta\":{\"status\":200,\"pagination\":{\"pageSize\":500");
                if (page < PAGES - 1) sb.append(",\"next\":\"p").append(page + 1).append('"');
                sb.append("}},\"data\":[{\"clickLogs\":[");
                for (int i = 0; i < PAGE_SIZE; i++) {
                    if (i > 0) sb.append(',');
                    sb.append(records.get((page * PAGE_SIZE + i) % records.size()));
                }
                sb.append("]}],\"fail\":[]}");
                byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
                Files.write(dir.resolve("page-" + page + ".json"), bytes);
                total += bytes.length;
            }
        }
        return total;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
