package io.maillake;

import io.maillake.auth.Accounts;
import io.maillake.auth.LoginThrottle;
import io.maillake.auth.PasswordHasher;
import io.maillake.collect.CollectSettings;
import io.maillake.collect.Collector;
import io.maillake.collect.Sleeper;
import io.maillake.detect.DetectionEngine;
import io.maillake.detect.DetectionStore;
import io.maillake.detect.Detections;
import io.maillake.detect.DetectionsTable;
import io.maillake.detect.Rules;
import io.maillake.lake.embedded.EmbeddedLake;
import io.maillake.mimecast.BaseUrlPolicy;
import io.maillake.mimecast.MimecastConnector;
import io.maillake.mimecast.RetryPolicy;
import io.maillake.notify.OutboxDrain;
import io.maillake.notify.WebhookSender;
import io.maillake.notify.WebhookUrlPolicy;
import io.maillake.notify.Webhooks;
import io.maillake.service.Integrations;
import io.maillake.service.Queries;
import io.maillake.store.StateStore;
import io.maillake.store.UserStore;
import io.maillake.store.embedded.SqliteStateStore;
import io.maillake.store.embedded.SqliteUserStore;
import io.maillake.store.secrets.MasterKey;
import io.maillake.store.secrets.SecretBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The application, wired: a data directory with its state store, lake and secrets, the Mimecast
 * connector, and the services the CLI and the console share. Every command works on it whether or
 * not another process (a running {@code serve}) has the same data directory open.
 */
public final class Maillake implements AutoCloseable {
    private final Path dataDir;
    private final Clock clock;
    private final StateStore store;
    private final EmbeddedLake lake;
    private final MimecastConnector connector;
    private final BaseUrlPolicy baseUrlPolicy;
    private final Config config;
    private final UserStore users;
    private final Accounts accounts;
    private final SecretBox secrets;
    private final WebhookUrlPolicy webhookUrlPolicy;
    private DetectionStore detectionStore;
    private Rules rules;
    private WebhookSender webhookSender;

    private Maillake(Path dataDir, Clock clock, StateStore store, EmbeddedLake lake, MimecastConnector connector,
                     BaseUrlPolicy baseUrlPolicy, Config config, UserStore users, SecretBox secrets, WebhookUrlPolicy webhookUrlPolicy) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.store = store;
        this.lake = lake;
        this.connector = connector;
        this.baseUrlPolicy = baseUrlPolicy;
        this.config = config;
        this.users = users;
        this.secrets = secrets;
        this.webhookUrlPolicy = webhookUrlPolicy;
        this.accounts = new Accounts(users, store, new PasswordHasher(), new LoginThrottle(LoginThrottle.Limits.DEFAULT, clock), clock);
    }

    /**
     * Opens (creating on first use) the data directory.
     *
     * @param env the process environment: {@code MAILLAKE_MASTER_KEY}, {@code MAILLAKE_ALLOW_INSECURE_BASE_URL},
     *            {@code MAILLAKE_WEBHOOK_ALLOW_LOOPBACK}
     */
    public static Maillake open(Path dataDir, Map<String, String> env, Clock clock) {
        try {
            if (!Files.exists(dataDir)) {
                Files.createDirectories(dataDir);
                ownerOnly(dataDir, "rwx------"); // state, sealed secrets and customers' email events: nobody else's business
            }
        } catch (java.io.IOException e) {
            throw new io.maillake.store.StoreException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        // SQLite gives a database's -wal and -shm files the database file's mode: made owner-only before SQLite opens it
        for (String db : DATABASES) createOwnerOnly(dataDir.resolve(db));
        Config config = Config.load(dataDir);
        MasterKey key = MasterKey.load(dataDir, env);
        SecretBox secrets = new SecretBox(key);
        StateStore store = new SqliteStateStore(dataDir.resolve("state.db"), secrets, clock);
        EmbeddedLake lake;
        UserStore users;
        try {
            users = new SqliteUserStore(dataDir.resolve("state.db"), clock);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        try {
            lake = new EmbeddedLake(dataDir.resolve("lake"), clock);
        } catch (RuntimeException e) {
            users.close();
            store.close();
            throw e;
        }
        BaseUrlPolicy policy = BaseUrlPolicy.fromValue(env.get(BaseUrlPolicy.ALLOW_INSECURE_ENV));
        MimecastConnector connector = MimecastConnector.builder().clock(clock).baseUrlPolicy(policy).build();
        Maillake app = new Maillake(dataDir, clock, store, lake, connector, policy, config, users, secrets,
                WebhookUrlPolicy.fromValue(env.get(WebhookUrlPolicy.ALLOW_LOOPBACK_ENV)));
        try {
            app.detectionStore = new DetectionStore(dataDir.resolve("detections.db"), clock);
            app.rules = new Rules(app.detectionStore, lake.queryEngine());
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        lake.registerTable(new DetectionsTable(app.detectionStore));
        // password hashes, sealed secrets and session ids: readable by the owner alone, however the umask is set
        // (also the files of a data directory made by an earlier version)
        for (String db : DATABASES) {
            for (String suffix : new String[] {"", "-wal", "-shm"}) ownerOnly(dataDir.resolve(db + suffix), "rw-------");
        }
        return app;
    }

    /** The SQLite databases of a data directory. */
    private static final List<String> DATABASES = List.of("state.db", "detections.db", "lake/catalog.db");

    private static void createOwnerOnly(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            // there already, or a file system without POSIX permissions (or a read-only one, which fails clearly later)
        }
    }

    /** Best effort: a file system without POSIX permissions, or a read-only one, keeps what it has. */
    private static void ownerOnly(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(permissions));
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException ignored) {
            // nothing to tighten here
        }
    }

    public Path dataDir() { return dataDir; }
    public Clock clock() { return clock; }
    public StateStore store() { return store; }
    public EmbeddedLake lake() { return lake; }
    public MimecastConnector connector() { return connector; }
    public BaseUrlPolicy baseUrlPolicy() { return baseUrlPolicy; }
    public Config config() { return config; }
    /** Console users, sessions and API tokens. */
    public UserStore users() { return users; }
    /** Logins, sessions, tokens and user management for the console (one login throttle per process). */
    public Accounts accounts() { return accounts; }

    public Integrations integrations() {
        return new Integrations(store, lake, connector, baseUrlPolicy, clock);
    }

    /** Detections: list with filters, one with its evidence, triage. */
    public Detections detections() {
        return new Detections(detectionStore);
    }

    /** The rule catalog: built-in and tenants' own rules, enabled per tenant, validated on save. */
    public Rules rules() {
        return rules;
    }

    /** The detection engine over this data directory; {@code chunkFiles} lake files per committed step. */
    public DetectionEngine detectionEngine(int chunkFiles) {
        return new DetectionEngine(detectionStore, lake, rules, store, chunkFiles);
    }

    /** The same with another limit on each query of a tenant's own rule. */
    public DetectionEngine detectionEngine(int chunkFiles, java.time.Duration ownRuleTimeout) {
        return new DetectionEngine(detectionStore, lake, rules, store, chunkFiles, ownRuleTimeout);
    }

    /** Each tenant's outbound webhook: settings, test, retry, recent notifications. */
    public Webhooks webhooks() {
        return new Webhooks(detectionStore.webhooks(), detectionStore.outbox(), secrets, webhookUrlPolicy, this::webhookSender, clock);
    }

    /** Sends the webhook notifications the detection engine queued ({@code serve} runs it in a loop, {@code detect --once} once). */
    public OutboxDrain webhookDelivery() {
        return new OutboxDrain(detectionStore.webhooks(), detectionStore.outbox(), secrets, webhookUrlPolicy, this::webhookSender, clock,
                new SecureRandom());
    }

    /** One HTTP client for every webhook post of this process, made on first use (most commands never post). */
    private synchronized WebhookSender webhookSender() {
        if (webhookSender == null) webhookSender = new WebhookSender(clock);
        return webhookSender;
    }

    public Queries queries() {
        return new Queries(lake.queryEngine());
    }

    public Collector collector(CollectSettings settings) {
        return collector(settings, RetryPolicy.standard(), Sleeper.REAL);
    }

    public Collector collector(CollectSettings settings, RetryPolicy retry, Sleeper sleeper) {
        return new Collector(store, lake, connector, settings, retry, clock, sleeper);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (webhookSender != null) webhookSender.close();
            webhookSender = null;
        }
        if (detectionStore != null) detectionStore.close();
        connector.close();
        lake.close();
        users.close();
        store.close();
    }
}
