package io.maillake.simulator.bench;

import io.maillake.simulator.LogType;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures how fast the simulator serves records over loopback: {@code clients} threads page
 * through URL click logs with 500-record pages (API 2.0, HTTP/1.1 keep-alive) for a while, reading
 * every body fully but not parsing it. The rate is the records the server counted in complete 200
 * responses, divided by the measured time. A JMH-free loop, callable by the benchmark harness.
 */
public final class ServingRate {
    private static final Pattern NEXT = Pattern.compile("\"next\":\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");

    /** Records and bytes served in {@code seconds}. */
    public record Result(long records, long bytes, long requests, double seconds) {
        public double recordsPerSecond() {
            return records / seconds;
        }

        public double megabytesPerSecond() {
            return bytes / seconds / 1e6;
        }

        @Override
        public String toString() {
            return String.format("{\"recordsPerSecond\":%.0f,\"megabytesPerSecond\":%.1f,\"records\":%d,\"requests\":%d,\"seconds\":%.2f}",
                    recordsPerSecond(), megabytesPerSecond(), records, requests, seconds);
        }
    }

    private ServingRate() {
    }

    /** Runs a fresh simulator (1000 URL clicks/s, 2 h history) and measures it after a short warm-up. */
    public static Result measure(Duration warmUp, Duration duration, int clients) throws Exception {
        SimulatorConfig config = SimulatorConfig.builder().seed(7).history(Duration.ofHours(2))
                .eventsPerMinute(LogType.URL, 60_000).build();
        try (MimecastSimulator sim = MimecastSimulator.start(config)) {
            return measure(sim, warmUp, duration, clients);
        }
    }

    /** Measures a running simulator through its account 0 over API 2.0. */
    public static Result measure(MimecastSimulator sim, Duration warmUp, Duration duration, int clients) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = token(http, sim);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().name("serving-rate-" + i).start(() -> pageForever(http, sim.baseUrl(), token, running)));
        }
        Thread.sleep(warmUp);
        long r0 = sim.stats().recordsServed();
        long b0 = sim.stats().bytesSent();
        long q0 = sim.stats().requests();
        long t0 = System.nanoTime();
        Thread.sleep(duration);
        long r1 = sim.stats().recordsServed();
        long b1 = sim.stats().bytesSent();
        long q1 = sim.stats().requests();
        double seconds = (System.nanoTime() - t0) / 1e9;
        running.set(false);
        for (Thread t : threads) {
            t.join(10_000);
        }
        return new Result(r1 - r0, b1 - b0, q1 - q0, seconds);
    }

    private static void pageForever(HttpClient http, URI base, String token, AtomicBoolean running) {
        String first = "{\"meta\":{\"pagination\":{\"pageSize\":500}},\"data\":[{\"oldestFirst\":true,\"from\":\"2000-01-01T00:00:00+0000\"}]}";
        String body = first;
        while (running.get()) {
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(base.resolve(LogType.URL.path()))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                String head = new String(r.body(), 0, Math.min(400, r.body().length), StandardCharsets.US_ASCII);
                Matcher m = NEXT.matcher(head);
                body = m.find() ? "{\"meta\":{\"pagination\":{\"pageToken\":\"" + m.group(1) + "\"}}}" : first;
            } catch (IOException e) {
                body = first;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String token(HttpClient http, MimecastSimulator sim) throws Exception {
        var c = sim.account(0).api2();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(sim.baseUrl().resolve("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=" + c.clientId() + "&client_secret=" + c.clientSecret()
                        + "&grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = TOKEN.matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no token: " + r.body());
        }
        return m.group(1);
    }

    /** {@code ServingRate [seconds] [clients]}: prints one JSON line with the result. */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        System.out.println(measure(Duration.ofSeconds(2), Duration.ofSeconds(seconds), clients));
    }
}
