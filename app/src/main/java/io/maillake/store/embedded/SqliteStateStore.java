package io.maillake.store.embedded;

import io.maillake.domain.Cidr;
import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.domain.InvalidInputException;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.StreamKey;
import io.maillake.domain.StreamState;
import io.maillake.domain.StreamStatus;
import io.maillake.domain.Tenant;
import io.maillake.mimecast.ApiGeneration;
import io.maillake.mimecast.Credentials;
import io.maillake.mimecast.LogType;
import io.maillake.store.Db;
import io.maillake.store.StateStore;
import io.maillake.store.StoreException;
import io.maillake.store.secrets.SecretBox;
import io.maillake.store.secrets.SecretsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The embedded state store: one SQLite file, {@code state.db}, in the data directory. */
public final class SqliteStateStore implements StateStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY_CHECK = "maillake master key check";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Db db;
    private final SecretBox secrets;
    private final Clock clock;

    /**
     * Opens the store, creating the default tenant on first start.
     *
     * @throws SecretsException if the master key is not the one the store's secrets were sealed with
     */
    public SqliteStateStore(Path file, SecretBox secrets, Clock clock) {
        this.db = Db.open(file, "db/state");
        this.secrets = secrets;
        this.clock = clock;
        checkMasterKey();
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO tenants (id, name, networks_set, created_at) VALUES (?, ?, 0, ?)")) {
                p.setString(1, Tenant.DEFAULT_ID);
                p.setString(2, "Default");
                p.setString(3, now());
                p.executeUpdate();
            }
            return null;
        });
    }

    /** Seals a known text on first start and opens it on every later start, so a wrong master key is caught at once. */
    private void checkMasterKey() {
        byte[] sealed = db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT value FROM settings WHERE key = 'key_check'"); ResultSet rs = p.executeQuery()) {
                return rs.next() ? java.util.Base64.getDecoder().decode(rs.getString(1)) : null;
            }
        });
        if (sealed != null) {
            secrets.open(sealed, "key_check");
            return;
        }
        String value = java.util.Base64.getEncoder().encodeToString(secrets.seal(KEY_CHECK, "key_check"));
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO settings (key, value) VALUES ('key_check', ?)")) {
                p.setString(1, value);
                p.executeUpdate();
            }
            return null;
        });
    }

    private String now() {
        return clock.instant().toString();
    }

    // ---- tenants -----------------------------------------------------------------------------

    @Override
    public List<Tenant> tenants() {
        return db.read(c -> {
            List<Tenant> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, name, networks_set, created_at FROM tenants ORDER BY name");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(tenant(rs));
            }
            return out;
        });
    }

    @Override
    public Optional<Tenant> tenant(String idOrName) {
        if (idOrName == null) return Optional.empty();
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id, name, networks_set, created_at FROM tenants WHERE id = ? OR name = ? ORDER BY id = ? DESC LIMIT 1")) {
                p.setString(1, idOrName);
                p.setString(2, idOrName);
                p.setString(3, idOrName);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(tenant(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Tenant createTenant(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 100) throw new InvalidInputException("name: a tenant name of 1 to 100 characters is required");
        String base = n.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (base.isEmpty()) base = "tenant";
        if (base.length() > 40) base = base.substring(0, 40);
        String slug = base;
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM tenants WHERE name = ?")) {
                p.setString(1, n);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) throw new InvalidInputException("name: a tenant named '" + n + "' exists already");
                }
            }
            String id = slug;
            for (int i = 2; exists(c, "SELECT 1 FROM tenants WHERE id = ?", id); i++) id = slug + "-" + i;
            String created = now();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO tenants (id, name, networks_set, created_at) VALUES (?, ?, 0, ?)")) {
                p.setString(1, id);
                p.setString(2, n);
                p.setString(3, created);
                p.executeUpdate();
            }
            return new Tenant(id, n, false, Instant.parse(created));
        });
    }

    private static Tenant tenant(ResultSet rs) throws SQLException {
        return new Tenant(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, Instant.parse(rs.getString(4)));
    }

    // ---- My domains and IPs ------------------------------------------------------------------

    @Override
    public MyNetworks networks(String tenantId) {
        return db.read(c -> {
            boolean set;
            try (PreparedStatement p = c.prepareStatement("SELECT networks_set FROM tenants WHERE id = ?")) {
                p.setString(1, tenantId);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) throw new StoreException("no tenant " + tenantId);
                    set = rs.getInt(1) == 1;
                }
            }
            if (!set) return MyNetworks.defaults();
            List<String> domains = new ArrayList<>();
            List<Cidr> cidrs = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT kind, value FROM tenant_networks WHERE tenant_id = ? ORDER BY position")) {
                p.setString(1, tenantId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(1).equals("domain")) domains.add(rs.getString(2));
                        else cidrs.add(Cidr.parse(rs.getString(2)));
                    }
                }
            }
            return new MyNetworks(domains, cidrs);
        });
    }

    @Override
    public void setNetworks(String tenantId, MyNetworks networks) {
        db.transaction(c -> {
            if (!exists(c, "SELECT 1 FROM tenants WHERE id = ?", tenantId)) throw new InvalidInputException("tenant: no tenant " + tenantId);
            try (PreparedStatement p = c.prepareStatement("DELETE FROM tenant_networks WHERE tenant_id = ?")) {
                p.setString(1, tenantId);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO tenant_networks (tenant_id, kind, value, position) VALUES (?, ?, ?, ?)")) {
                int position = 0;
                for (String d : networks.domains()) add(p, tenantId, "domain", d, position++);
                for (Cidr cidr : networks.cidrs()) add(p, tenantId, "cidr", cidr.text(), position++);
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE tenants SET networks_set = 1 WHERE id = ?")) {
                p.setString(1, tenantId);
                p.executeUpdate();
            }
            return null;
        });
    }

    private static void add(PreparedStatement p, String tenant, String kind, String value, int position) throws SQLException {
        p.setString(1, tenant);
        p.setString(2, kind);
        p.setString(3, value);
        p.setInt(4, position);
        p.addBatch();
    }

    // ---- integrations ------------------------------------------------------------------------

    private static final String INTEGRATION_COLUMNS =
            "id, tenant_id, name, description, base_url, api_generation, app_id, client_id, log_types, enabled, created_at, updated_at";

    @Override
    public List<Integration> integrations(String tenantId) {
        return queryIntegrations("SELECT " + INTEGRATION_COLUMNS + " FROM integrations WHERE tenant_id = ? ORDER BY name", tenantId);
    }

    @Override
    public List<Integration> enabledIntegrations() {
        return queryIntegrations("SELECT " + INTEGRATION_COLUMNS + " FROM integrations WHERE enabled = 1 ORDER BY tenant_id, name");
    }

    @Override
    public Optional<Integration> integration(String id) {
        return queryIntegrations("SELECT " + INTEGRATION_COLUMNS + " FROM integrations WHERE id = ?", id).stream().findFirst();
    }

    private List<Integration> queryIntegrations(String sql, String... args) {
        return db.read(c -> {
            List<Integration> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) p.setString(i + 1, args[i]);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) out.add(integration(rs));
                }
            }
            return out;
        });
    }

    private static Integration integration(ResultSet rs) throws SQLException {
        Set<LogType> types = EnumSet.noneOf(LogType.class);
        for (String t : rs.getString(9).split(",")) LogType.fromId(t).ifPresent(types::add);
        ApiGeneration generation = rs.getString(6).equals("1") ? ApiGeneration.API_1 : ApiGeneration.API_2;
        return new Integration(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                generation, rs.getString(7), rs.getString(8), types, rs.getInt(10) == 1,
                Instant.parse(rs.getString(11)), Instant.parse(rs.getString(12)));
    }

    @Override
    public Integration createIntegration(String tenantId, IntegrationDraft.Valid v) {
        String id = newId();
        Credentials credentials = v.credentials(null);
        byte[] sealed = secrets.seal(encode(credentials), aad(id));
        String now = now();
        db.transaction(c -> {
            if (!exists(c, "SELECT 1 FROM tenants WHERE id = ?", tenantId)) throw new InvalidInputException("tenant: no tenant " + tenantId);
            requireUniqueName(c, tenantId, v.name(), null);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO integrations (" + INTEGRATION_COLUMNS
                    + ", sealed_secrets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, id);
                p.setString(2, tenantId);
                bindIntegration(p, v, 3);
                p.setString(11, now);
                p.setString(12, now);
                p.setBytes(13, sealed);
                p.executeUpdate();
            }
            for (LogType t : v.logTypes()) ensureStream(c, id, t);
            return null;
        });
        return integration(id).orElseThrow();
    }

    @Override
    public Integration updateIntegration(String id, IntegrationDraft.Valid v) {
        Integration existing = integration(id).orElseThrow(() -> new InvalidInputException("id: no integration " + id));
        Credentials credentials = v.credentials(credentials(id));
        byte[] sealed = secrets.seal(encode(credentials), aad(id));
        db.transaction(c -> {
            requireUniqueName(c, existing.tenantId(), v.name(), id);
            try (PreparedStatement p = c.prepareStatement("UPDATE integrations SET name = ?, description = ?, base_url = ?, "
                    + "api_generation = ?, app_id = ?, client_id = ?, log_types = ?, enabled = ?, updated_at = ?, sealed_secrets = ? WHERE id = ?")) {
                bindIntegration(p, v, 1);
                p.setString(9, now());
                p.setBytes(10, sealed);
                p.setString(11, id);
                p.executeUpdate();
            }
            for (LogType t : v.logTypes()) ensureStream(c, id, t);
            return null;
        });
        return integration(id).orElseThrow();
    }

    /** Binds name .. enabled (8 values) from {@code first}. */
    private static void bindIntegration(PreparedStatement p, IntegrationDraft.Valid v, int first) throws SQLException {
        p.setString(first, v.name());
        p.setString(first + 1, v.description());
        p.setString(first + 2, v.baseUrl());
        p.setString(first + 3, v.generation().id());
        p.setString(first + 4, v.generation() == ApiGeneration.API_1 ? v.appId() : null);
        p.setString(first + 5, v.generation() == ApiGeneration.API_2 ? v.clientId() : null);
        p.setString(first + 6, v.logTypes().stream().sorted().map(LogType::id).collect(Collectors.joining(",")));
        p.setInt(first + 7, v.enabled() ? 1 : 0);
    }

    private static void requireUniqueName(Connection c, String tenantId, String name, String exceptId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM integrations WHERE tenant_id = ? AND name = ?")) {
            p.setString(1, tenantId);
            p.setString(2, name);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next() && !rs.getString(1).equals(exceptId)) {
                    throw new InvalidInputException("name: an integration named '" + name + "' exists already in this tenant");
                }
            }
        }
    }

    private void ensureStream(Connection c, String integrationId, LogType type) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO streams (integration_id, log_type, status, updated_at) VALUES (?, ?, 'PENDING', ?)")) {
            p.setString(1, integrationId);
            p.setString(2, type.id());
            p.setString(3, now());
            p.executeUpdate();
        }
    }

    @Override
    public void deleteIntegration(String id) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM integrations WHERE id = ?")) {
                p.setString(1, id);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Credentials credentials(String integrationId) {
        byte[] sealed = db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT sealed_secrets FROM integrations WHERE id = ?")) {
                p.setString(1, integrationId);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) throw new StoreException("no integration " + integrationId);
                    return rs.getBytes(1);
                }
            }
        });
        return decode(secrets.open(sealed, aad(integrationId)));
    }

    private static String aad(String integrationId) {
        return "integration:" + integrationId;
    }

    private static String encode(Credentials credentials) {
        ObjectNode o = JSON.createObjectNode();
        switch (credentials) {
            case Credentials.Api1 a -> {
                o.put("generation", "1");
                o.put("appId", a.appId());
                o.put("appKey", a.appKey());
                o.put("accessKey", a.accessKey());
                o.put("secretKey", a.secretKey());
            }
            case Credentials.Api2 b -> {
                o.put("generation", "2");
                o.put("clientId", b.clientId());
                o.put("clientSecret", b.clientSecret());
            }
        }
        return o.toString();
    }

    private static Credentials decode(String json) {
        JsonNode o = JSON.readTree(json);
        if (o.path("generation").asString().equals("1")) {
            return new Credentials.Api1(o.path("appId").asString(), o.path("appKey").asString(),
                    o.path("accessKey").asString(), o.path("secretKey").asString());
        }
        return new Credentials.Api2(o.path("clientId").asString(), o.path("clientSecret").asString());
    }

    private static String newId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder("i");
        for (int i = 0; i < 11; i++) sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        return sb.toString();
    }

    // ---- streams -----------------------------------------------------------------------------

    private static final String STREAM_COLUMNS = "integration_id, log_type, status, error_code, error_message, error_fix, "
            + "retrying_since, last_attempt_at, last_success_at, lag_seconds, calls, retries";

    @Override
    public List<StreamStatus> streamStatuses(String integrationId) {
        return db.read(c -> {
            List<StreamStatus> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + STREAM_COLUMNS + " FROM streams WHERE integration_id = ? ORDER BY log_type")) {
                p.setString(1, integrationId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) out.add(status(rs));
                }
            }
            return out;
        });
    }

    @Override
    public StreamStatus streamStatus(String integrationId, LogType type) {
        return streamStatuses(integrationId).stream().filter(s -> s.logType() == type).findFirst()
                .orElse(StreamStatus.pending(integrationId, type));
    }

    private static StreamStatus status(ResultSet rs) throws SQLException {
        long lag = rs.getLong(10);
        Long lagSeconds = rs.wasNull() ? null : lag;
        return new StreamStatus(rs.getString(1), LogType.fromId(rs.getString(2)).orElseThrow(), StreamState.valueOf(rs.getString(3)),
                rs.getString(4), rs.getString(5), rs.getString(6), instant(rs.getString(7)), instant(rs.getString(8)),
                instant(rs.getString(9)), lagSeconds, rs.getLong(11), rs.getLong(12), 0, null);
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    @Override
    public void saveStreamStatus(StreamStatus s) {
        db.transaction(c -> {
            StreamState previousState = null;
            String previousCode = null;
            try (PreparedStatement p = c.prepareStatement("SELECT status, error_code FROM streams WHERE integration_id = ? AND log_type = ?")) {
                p.setString(1, s.integrationId());
                p.setString(2, s.logType().id());
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        previousState = StreamState.valueOf(rs.getString(1));
                        previousCode = rs.getString(2);
                    } else if (!exists(c, "SELECT 1 FROM integrations WHERE id = ?", s.integrationId())) {
                        return null; // the integration was deleted meanwhile
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO streams (integration_id, log_type, status, error_code, error_message, error_fix, retrying_since,
                        last_attempt_at, last_success_at, lag_seconds, calls, retries, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (integration_id, log_type) DO UPDATE SET status = excluded.status, error_code = excluded.error_code,
                        error_message = excluded.error_message, error_fix = excluded.error_fix, retrying_since = excluded.retrying_since,
                        last_attempt_at = excluded.last_attempt_at, last_success_at = excluded.last_success_at,
                        lag_seconds = excluded.lag_seconds, calls = excluded.calls, retries = excluded.retries,
                        updated_at = excluded.updated_at""")) {
                p.setString(1, s.integrationId());
                p.setString(2, s.logType().id());
                p.setString(3, s.state().name());
                p.setString(4, s.errorCode());
                p.setString(5, s.errorMessage());
                p.setString(6, s.errorFix());
                p.setString(7, text(s.retryingSince()));
                p.setString(8, text(s.lastAttemptAt()));
                p.setString(9, text(s.lastSuccessAt()));
                if (s.lagSeconds() == null) p.setNull(10, java.sql.Types.INTEGER);
                else p.setLong(10, s.lagSeconds());
                p.setLong(11, s.calls());
                p.setLong(12, s.retries());
                p.setString(13, now());
                p.executeUpdate();
            }
            boolean changed = previousState != s.state() || !java.util.Objects.equals(previousCode, s.errorCode());
            if (changed) {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO stream_history (integration_id, log_type, at, status, error_code, "
                        + "error_message, error_fix) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    p.setString(1, s.integrationId());
                    p.setString(2, s.logType().id());
                    p.setString(3, now());
                    p.setString(4, s.state().name());
                    p.setString(5, s.errorCode());
                    p.setString(6, s.errorMessage());
                    p.setString(7, s.errorFix());
                    p.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<StreamStatus> streamHistory(String integrationId, LogType type, int limit) {
        return db.read(c -> {
            List<StreamStatus> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT at, status, error_code, error_message, error_fix FROM stream_history "
                    + "WHERE integration_id = ? AND log_type = ? ORDER BY id DESC LIMIT ?")) {
                p.setString(1, integrationId);
                p.setString(2, type.id());
                p.setInt(3, limit);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StreamStatus(integrationId, type, StreamState.valueOf(rs.getString(2)), rs.getString(3),
                                rs.getString(4), rs.getString(5), null, Instant.parse(rs.getString(1)), null, null, 0, 0, 0, null));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public boolean tryLease(StreamKey stream, String owner, Duration duration) {
        long now = clock.millis();
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE streams SET lease_owner = ?, lease_until = ? WHERE integration_id = ? "
                    + "AND log_type = ? AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)")) {
                p.setString(1, owner);
                p.setLong(2, now + duration.toMillis());
                p.setString(3, stream.integrationId());
                p.setString(4, stream.logType().id());
                p.setString(5, owner);
                p.setLong(6, now);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean takeOverLease(StreamKey stream, String deadOwner, String owner, Duration duration) {
        long now = clock.millis();
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE streams SET lease_owner = ?, lease_until = ? WHERE integration_id = ? "
                    + "AND log_type = ? AND lease_owner = ?")) {
                p.setString(1, owner);
                p.setLong(2, now + duration.toMillis());
                p.setString(3, stream.integrationId());
                p.setString(4, stream.logType().id());
                p.setString(5, deadOwner);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void releaseLease(StreamKey stream, String owner) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE streams SET lease_owner = NULL, lease_until = NULL "
                    + "WHERE integration_id = ? AND log_type = ? AND lease_owner = ?")) {
                p.setString(1, stream.integrationId());
                p.setString(2, stream.logType().id());
                p.setString(3, owner);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<String> leaseHolder(StreamKey stream) {
        long now = clock.millis();
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT lease_owner FROM streams WHERE integration_id = ? AND log_type = ? "
                    + "AND lease_owner IS NOT NULL AND lease_until >= ?")) {
                p.setString(1, stream.integrationId());
                p.setString(2, stream.logType().id());
                p.setLong(3, now);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private static boolean exists(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, arg);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
