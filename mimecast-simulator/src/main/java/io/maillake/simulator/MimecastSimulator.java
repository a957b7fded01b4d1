package io.maillake.simulator;

import io.maillake.simulator.admin.AdminApi;
import io.maillake.simulator.auth.AccountDirectory;
import io.maillake.simulator.auth.Api1Authenticator;
import io.maillake.simulator.auth.OAuthServer;
import io.maillake.simulator.fault.Faults;
import io.maillake.simulator.gen.AccountProfile;
import io.maillake.simulator.gen.EventGenerator;
import io.maillake.simulator.logs.LogsEndpoint;
import io.maillake.simulator.logs.PageServer;
import io.maillake.simulator.logs.PageTokenCodec;
import io.maillake.simulator.observe.RequestLog;
import io.maillake.simulator.observe.Stats;
import io.maillake.simulator.ratelimit.RateLimiter;
import io.maillake.simulator.server.ApiPipeline;
import io.maillake.simulator.server.SimServer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * A fake Mimecast that speaks the real API over HTTP: API 1.0 HMAC and API 2.0 OAuth, the three
 * TTP get-logs endpoints with paging tokens and filters, rate limits, scripted faults, and a
 * deterministic data generator whose ground truth is available in-process and over
 * {@code /_sim/} (see {@link AdminApi}).
 *
 * <pre>{@code
 * try (MimecastSimulator sim = MimecastSimulator.start(SimulatorConfig.builder().seed(42).build())) {
 *     URI base = sim.baseUrl();
 *     Api1Credentials creds = sim.account(0).api1();
 *     ...
 * }
 * }</pre>
 *
 * Thread-safe. The server runs until {@link #close()}, which is safe to call twice.
 */
public final class MimecastSimulator implements AutoCloseable {
    private final SimulatorConfig config;
    private final Instant startedAt;
    private final EventGenerator generator;
    private final AccountDirectory directory;
    private final OAuthServer oauth;
    private final Faults faults;
    private final RequestLog requests;
    private final Stats stats = new Stats();
    private final SimServer server;

    private MimecastSimulator(SimulatorConfig config) throws IOException {
        this.config = config;
        this.startedAt = config.clock().instant();
        long historyStart = startedAt.minus(config.history()).getEpochSecond();
        this.generator = new EventGenerator(config, historyStart);
        List<AccountProfile> profiles = IntStream.range(0, config.accounts()).mapToObj(generator::profile).toList();
        this.directory = new AccountDirectory(config.seed(), profiles);
        this.oauth = new OAuthServer(directory, config.tokenTtl());
        this.faults = new Faults(config.seed(), () -> oauth.expireAll(config.clock().instant()));
        this.requests = new RequestLog(config.requestLogCapacity());
        LogsEndpoint logs = new LogsEndpoint(new PageServer(generator), new PageTokenCodec(tokenKey(config.seed())), config);
        ApiPipeline pipeline = new ApiPipeline(config.clock(), new Api1Authenticator(directory, config.clockSkew()), oauth, logs,
                faults, new RateLimiter(config.rateLimit(), config.rateLimitWindow(), config.clock()));
        this.server = new SimServer(config.host(), config.port(), pipeline, new AdminApi(this), requests, stats, config.clock());
    }

    /** Starts a simulator listening on {@code config.host():config.port()}. */
    public static MimecastSimulator start(SimulatorConfig config) {
        try {
            return new MimecastSimulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the simulator on " + config.host() + ":" + config.port(), e);
        }
    }

    /** e.g. {@code http://127.0.0.1:9090}; the API paths go right after it. */
    public URI baseUrl() {
        return server.baseUrl();
    }

    public SimulatorConfig config() {
        return config;
    }

    /** The clock instant at start; events exist from {@code startedAt - history} on. */
    public Instant startedAt() {
        return startedAt;
    }

    /** First second that has events. */
    public Instant historyStart() {
        return Instant.ofEpochSecond(generator.historyStartSecond());
    }

    public SimAccount account(int index) {
        return directory.account(index);
    }

    public List<SimAccount> accounts() {
        return directory.accounts();
    }

    /** Fault rules and lasting account states. */
    public Faults faults() {
        return faults;
    }

    /** The last requests received ({@code requestLogCapacity} of them). */
    public RequestLog requests() {
        return requests;
    }

    public Stats stats() {
        return stats;
    }

    /**
     * Every event of the account and log type with a timestamp in [from, to), oldest first (and
     * in generation order within a second), visible yet or not: each record's JSON text exactly as
     * it appears inside a served page.
     */
    public List<String> groundTruth(int account, LogType type, Instant from, Instant to) {
        List<String> out = new ArrayList<>();
        forEachTruth(account, type, from, to, e -> out.add(e.json()));
        return out;
    }

    /** As {@link #groundTruth}, with each event's time, visibility instant and planted pattern. */
    public List<TruthEvent> groundTruthEvents(int account, LogType type, Instant from, Instant to) {
        List<TruthEvent> out = new ArrayList<>();
        forEachTruth(account, type, from, to, out::add);
        return out;
    }

    /** Streams the ground truth of [from, to) without holding it in memory. */
    public void forEachTruth(int account, LogType type, Instant from, Instant to, Consumer<TruthEvent> sink) {
        if (account < 0 || account >= config.accounts()) {
            throw new IllegalArgumentException("no account " + account);
        }
        generator.truth(account, type, ceilSecond(from), ceilSecond(to), sink);
    }

    /**
     * The JSON object the command line prints: base URL and the credentials of account 0, then,
     * with several accounts, an {@code accounts} array of every account.
     */
    public String credentialsJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("baseUrl", baseUrl().toString());
        SimAccount first = account(0);
        root.put("api1", api1(first.api1()));
        root.put("api2", api2(first.api2()));
        if (config.accounts() > 1) {
            List<Object> all = new ArrayList<>();
            for (SimAccount a : accounts()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("index", a.index());
                m.put("accountCode", a.accountCode());
                m.put("domains", a.domains());
                m.put("api1", api1(a.api1()));
                m.put("api2", api2(a.api2()));
                all.add(m);
            }
            root.put("accounts", all);
        }
        return JsonMapper.builder().build().writeValueAsString(root);
    }

    private static Map<String, Object> api1(Api1Credentials c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("appId", c.appId());
        m.put("appKey", c.appKey());
        m.put("accessKey", c.accessKey());
        m.put("secretKey", c.secretKey());
        return m;
    }

    private static Map<String, Object> api2(Api2Credentials c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clientId", c.clientId());
        m.put("clientSecret", c.clientSecret());
        return m;
    }

    private static long ceilSecond(Instant t) {
        return t.getNano() == 0 ? t.getEpochSecond() : t.getEpochSecond() + 1;
    }

    /** The page-token key: a digest of the seed, so tokens survive a restart with the same seed. */
    private static byte[] tokenKey(long seed) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(("maillake-simulator page tokens " + seed).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server. Safe to call twice. */
    @Override
    public void close() {
        server.close();
    }
}
