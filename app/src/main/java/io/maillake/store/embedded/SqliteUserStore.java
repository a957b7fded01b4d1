package io.maillake.store.embedded;

import io.maillake.auth.ApiToken;
import io.maillake.auth.Role;
import io.maillake.auth.Secrets;
import io.maillake.auth.StoredSession;
import io.maillake.auth.User;
import io.maillake.domain.InvalidInputException;
import io.maillake.store.Db;
import io.maillake.store.UserStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Users, sessions and tokens in the embedded state database ({@code state.db}), through a
 * connection of its own; the {@code db/state} migrations create its tables.
 */
public final class SqliteUserStore implements UserStore {
    private final Db db;
    private final Clock clock;

    public SqliteUserStore(Path file, Clock clock) {
        this.db = Db.open(file, "db/state");
        this.clock = clock;
    }

    // ---- users -------------------------------------------------------------------------------

    @Override
    public long userCount() {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM users"); ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public List<User> users() {
        return db.read(c -> queryUsers(c, "SELECT id, username, role, disabled, created_at FROM users ORDER BY username COLLATE NOCASE"));
    }

    @Override
    public Optional<User> user(String id) {
        if (id == null) return Optional.empty();
        return db.read(c -> queryUsers(c, "SELECT id, username, role, disabled, created_at FROM users WHERE id = ?", id)).stream().findFirst();
    }

    @Override
    public Optional<User> userByName(String username) {
        if (username == null) return Optional.empty();
        return db.read(c -> queryUsers(c, "SELECT id, username, role, disabled, created_at FROM users WHERE username = ? COLLATE NOCASE",
                username.strip())).stream().findFirst();
    }

    private static List<User> queryUsers(Connection c, String sql, String... args) throws SQLException {
        Map<String, Object[]> rows = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) p.setString(i + 1, args[i]);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new Object[] {rs.getString(2), rs.getString(3), rs.getInt(4) == 1, rs.getString(5)});
                }
            }
        }
        List<User> out = new ArrayList<>();
        for (var e : rows.entrySet()) {
            Object[] r = e.getValue();
            out.add(new User(e.getKey(), (String) r[0], Role.fromId((String) r[1]).orElseThrow(), tenantsOf(c, e.getKey()),
                    (Boolean) r[2], Instant.parse((String) r[3])));
        }
        return out;
    }

    private static Set<String> tenantsOf(Connection c, String userId) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (PreparedStatement p = c.prepareStatement("SELECT tenant_id FROM user_tenants WHERE user_id = ?")) {
            p.setString(1, userId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Override
    public Optional<String> passwordHash(String userId) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT password_hash FROM users WHERE id = ?")) {
                p.setString(1, userId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public User createUser(String username, Role role, Set<String> tenants, String passwordHash) {
        String id = Secrets.id("u");
        String now = clock.instant().toString();
        db.transaction(c -> {
            if (exists(c, "SELECT 1 FROM users WHERE username = ? COLLATE NOCASE", username)) {
                throw new InvalidInputException("username: a user named '" + username + "' exists already");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO users (id, username, password_hash, role, disabled, created_at, "
                    + "password_changed_at) VALUES (?, ?, ?, ?, 0, ?, ?)")) {
                p.setString(1, id);
                p.setString(2, username);
                p.setString(3, passwordHash);
                p.setString(4, role.id());
                p.setString(5, now);
                p.setString(6, now);
                p.executeUpdate();
            }
            setTenants(c, id, tenants);
            return null;
        });
        return user(id).orElseThrow();
    }

    @Override
    public User updateUser(String id, Role role, Set<String> tenants, boolean disabled) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE users SET role = ?, disabled = ? WHERE id = ?")) {
                p.setString(1, role.id());
                p.setInt(2, disabled ? 1 : 0);
                p.setString(3, id);
                if (p.executeUpdate() == 0) throw new InvalidInputException("id: there is no user " + id);
            }
            setTenants(c, id, tenants);
            if (disabled) {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM sessions WHERE user_id = ?")) {
                    p.setString(1, id);
                    p.executeUpdate();
                }
            }
            return null;
        });
        return user(id).orElseThrow();
    }

    private static void setTenants(Connection c, String userId, Set<String> tenants) throws SQLException {
        for (String t : tenants) {
            if (!exists(c, "SELECT 1 FROM tenants WHERE id = ?", t)) throw new InvalidInputException("tenants: there is no tenant '" + t + "'");
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM user_tenants WHERE user_id = ?")) {
            p.setString(1, userId);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO user_tenants (user_id, tenant_id) VALUES (?, ?)")) {
            for (String t : tenants) {
                p.setString(1, userId);
                p.setString(2, t);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    @Override
    public void setPasswordHash(String userId, String passwordHash) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?")) {
                p.setString(1, passwordHash);
                p.setString(2, clock.instant().toString());
                p.setString(3, userId);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void grantTenant(String userId, String tenantId) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO user_tenants (user_id, tenant_id) VALUES (?, ?)")) {
                p.setString(1, userId);
                p.setString(2, tenantId);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void deleteUser(String id) {
        update("DELETE FROM users WHERE id = ?", id);
    }

    // ---- sessions ----------------------------------------------------------------------------

    @Override
    public void createSession(StoredSession s) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)")) {
                p.setString(1, s.idHash());
                p.setString(2, s.userId());
                p.setString(3, s.csrfToken());
                p.setString(4, s.createdAt().toString());
                p.setString(5, s.lastSeenAt().toString());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<StoredSession> session(String idHash) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id_hash, user_id, csrf_token, created_at, last_seen_at FROM sessions WHERE id_hash = ?")) {
                p.setString(1, idHash);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new StoredSession(rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.parse(rs.getString(4)), Instant.parse(rs.getString(5))));
                }
            }
        });
    }

    @Override
    public void touchSession(String idHash, Instant lastSeen) {
        update("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", lastSeen.toString(), idHash);
    }

    @Override
    public void deleteSession(String idHash) {
        update("DELETE FROM sessions WHERE id_hash = ?", idHash);
    }

    @Override
    public void deleteSessions(String userId, String keepIdHash) {
        update("DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?", userId, keepIdHash == null ? "" : keepIdHash);
    }

    @Override
    public int deleteExpiredSessions(Instant createdBefore, Instant seenBefore) {
        return update("DELETE FROM sessions WHERE created_at < ? OR last_seen_at < ?", createdBefore.toString(), seenBefore.toString());
    }

    // ---- API tokens --------------------------------------------------------------------------

    @Override
    public ApiToken createToken(String userId, String name, String tokenHash, Instant expiresAt) {
        String id = Secrets.id("t");
        Instant now = clock.instant();
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setString(1, id);
                p.setString(2, userId);
                p.setString(3, name);
                p.setString(4, tokenHash);
                p.setString(5, now.toString());
                p.setString(6, expiresAt == null ? null : expiresAt.toString());
                p.executeUpdate();
            }
            return null;
        });
        return new ApiToken(id, userId, name, now, null, expiresAt);
    }

    @Override
    public List<ApiToken> tokens(String userId) {
        return db.read(c -> queryTokens(c, "SELECT id, user_id, name, created_at, last_used_at, expires_at FROM api_tokens WHERE user_id = ? ORDER BY created_at", userId));
    }

    @Override
    public Optional<ApiToken> tokenByHash(String tokenHash) {
        return db.read(c -> queryTokens(c, "SELECT id, user_id, name, created_at, last_used_at, expires_at FROM api_tokens WHERE token_hash = ?", tokenHash))
                .stream().findFirst();
    }

    private static List<ApiToken> queryTokens(Connection c, String sql, String arg) throws SQLException {
        List<ApiToken> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, arg);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new ApiToken(rs.getString(1), rs.getString(2), rs.getString(3), Instant.parse(rs.getString(4)),
                            instant(rs.getString(5)), instant(rs.getString(6))));
                }
            }
        }
        return out;
    }

    @Override
    public void touchToken(String tokenId, Instant lastUsed) {
        update("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", lastUsed.toString(), tokenId);
    }

    @Override
    public boolean deleteToken(String userId, String tokenId) {
        return update("DELETE FROM api_tokens WHERE user_id = ? AND id = ?", userId, tokenId) > 0;
    }

    @Override
    public void deleteTokens(String userId) {
        update("DELETE FROM api_tokens WHERE user_id = ?", userId);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private int update(String sql, String... args) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) p.setString(i + 1, args[i]);
                return p.executeUpdate();
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

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    @Override
    public void close() {
        db.close();
    }
}
