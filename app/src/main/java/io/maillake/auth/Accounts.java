package io.maillake.auth;

import io.maillake.domain.InvalidInputException;
import io.maillake.domain.Tenant;
import io.maillake.store.StateStore;
import io.maillake.store.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Users, logins, sessions and API tokens, with the rules of who may do what:
 * <ul>
 *   <li>every user is granted some tenants and sees nothing of the others;</li>
 *   <li>administrators manage integrations and users, but only users whose every tenant they hold
 *       themselves, and grant only tenants they hold (so no one can widen their own reach);</li>
 *   <li>at least one enabled administrator always remains.</li>
 * </ul>
 * Thread-safe.
 */
public final class Accounts {
    /** A session unused this long ends: a working day, so a console left open overnight asks again. */
    public static final Duration SESSION_IDLE = Duration.ofHours(8);
    /** Every session ends this long after login, however busy. */
    public static final Duration SESSION_MAX = Duration.ofHours(24);
    /** Last-seen times are written at most this often, so reading a page is not a write per request. */
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    /** NIST SP 800-63B asks for at least 8; 12 keeps online guessing hopeless even for a whole team. */
    public static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 1024;
    public static final String TOKEN_PREFIX = "mlk_";
    public static final String FIRST_ADMIN = "admin";
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}");

    private final UserStore users;
    private final StateStore state;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Clock clock;

    public Accounts(UserStore users, StateStore state, PasswordHasher hasher, LoginThrottle throttle, Clock clock) {
        this.users = users;
        this.state = state;
        this.hasher = hasher;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** A new browser session: the cookie value (shown to the browser once, stored only hashed) and who it is. */
    public record NewSession(String cookieValue, Principal principal) { }

    /** A user just created or whose password was reset, with the generated password to hand over once (null if one was chosen). */
    public record WithPassword(User user, String password) { }

    /** A new API token: the token itself is in {@code token}, here and nowhere else, ever. */
    public record NewToken(ApiToken info, String token) { }

    // ---- first start -------------------------------------------------------------------------

    /**
     * On a store with no users, creates the administrator {@value #FIRST_ADMIN} with a generated
     * password, granted every tenant.
     *
     * @return the password, to print once; empty if users exist
     */
    public synchronized Optional<String> ensureFirstAdmin() {
        if (users.userCount() > 0) return Optional.empty();
        String password = Secrets.password();
        Set<String> all = state.tenants().stream().map(Tenant::id).collect(Collectors.toSet());
        users.createUser(FIRST_ADMIN, Role.ADMIN, all, hasher.hash(password));
        return Optional.of(password);
    }

    /** For operators at the console of the host: a new generated password for a user, who is also enabled again. */
    public String resetPassword(String username) {
        User u = users.userByName(username).orElseThrow(() -> new InvalidInputException("username: there is no user '" + username + "'"));
        String password = Secrets.password();
        users.setPasswordHash(u.id(), hasher.hash(password));
        users.updateUser(u.id(), u.role(), u.tenants(), false);
        users.deleteSessions(u.id(), null);
        return password;
    }

    /** Whether a password verifies for a user (for the demo, which shows its login while it still works). */
    public boolean passwordWorks(String username, String password) {
        return users.userByName(username).flatMap(u -> users.passwordHash(u.id())).map(h -> hasher.verify(password, h)).orElse(false);
    }

    // ---- logins and sessions -----------------------------------------------------------------

    /**
     * @param address the client's address, for the per-address limit
     * @throws LoginRefused for a wrong user name or password, a disabled user, or too many failures
     */
    public NewSession login(String username, String password, String address) {
        Optional<Duration> wait = throttle.blocked(username, address);
        if (wait.isPresent()) throw LoginRefused.throttled(wait.get());
        Optional<User> user = users.userByName(username == null ? "" : username);
        Optional<String> hash = user.flatMap(u -> users.passwordHash(u.id()));
        boolean ok;
        if (hash.isEmpty()) {
            hasher.verifyDecoy(password);
            ok = false;
        } else {
            ok = hasher.verify(password == null ? "" : password, hash.get()) && !user.get().disabled();
        }
        if (!ok) {
            throttle.failed(username, address);
            throw LoginRefused.badCredentials();
        }
        throttle.succeeded(username);
        User u = user.get();
        if (hasher.needsRehash(hash.get())) users.setPasswordHash(u.id(), hasher.hash(password));
        purgeExpiredSessions();
        return newSession(u);
    }

    /** A fresh session id for the user: used at every login, so an id set before login is never the one after (no fixation). */
    private NewSession newSession(User u) {
        String value = Secrets.token();
        String csrf = Secrets.token();
        Instant now = clock.instant();
        StoredSession s = new StoredSession(Secrets.sha256(value), u.id(), csrf, now, now);
        users.createSession(s);
        return new NewSession(value, new Principal(u, Principal.Via.SESSION, s.idHash(), csrf, null));
    }

    /** The session a cookie names, if it is valid: known, not idle too long, not too old, its user enabled. */
    public Optional<Principal> session(String cookieValue) {
        if (cookieValue == null || cookieValue.isBlank() || cookieValue.length() > 100) return Optional.empty();
        String hash = Secrets.sha256(cookieValue);
        Optional<StoredSession> found = users.session(hash);
        if (found.isEmpty()) return Optional.empty();
        StoredSession s = found.get();
        Instant now = clock.instant();
        if (s.createdAt().plus(SESSION_MAX).isBefore(now) || s.lastSeenAt().plus(SESSION_IDLE).isBefore(now)) {
            users.deleteSession(hash);
            return Optional.empty();
        }
        Optional<User> user = users.user(s.userId()).filter(u -> !u.disabled());
        if (user.isEmpty()) return Optional.empty();
        if (s.lastSeenAt().plus(TOUCH_EVERY).isBefore(now)) users.touchSession(hash, now);
        return Optional.of(new Principal(user.get(), Principal.Via.SESSION, hash, s.csrfToken(), null));
    }

    public void logout(Principal p) {
        if (p.sessionHash() != null) users.deleteSession(p.sessionHash());
    }

    private void purgeExpiredSessions() {
        Instant now = clock.instant();
        users.deleteExpiredSessions(now.minus(SESSION_MAX), now.minus(SESSION_IDLE));
    }

    // ---- API tokens --------------------------------------------------------------------------

    /** The user an {@code Authorization: Bearer} token stands for, if it is valid. */
    public Optional<Principal> bearer(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 100) return Optional.empty();
        Optional<ApiToken> found = users.tokenByHash(Secrets.sha256(token));
        if (found.isEmpty()) return Optional.empty();
        ApiToken t = found.get();
        Instant now = clock.instant();
        if (t.expiresAt() != null && !t.expiresAt().isAfter(now)) return Optional.empty();
        Optional<User> user = users.user(t.userId()).filter(u -> !u.disabled());
        if (user.isEmpty()) return Optional.empty();
        if (t.lastUsedAt() == null || t.lastUsedAt().plus(TOUCH_EVERY).isBefore(now)) users.touchToken(t.id(), now);
        return Optional.of(new Principal(user.get(), Principal.Via.TOKEN, null, null, t.expiresAt()));
    }

    /**
     * @param validFor null: the token does not expire
     */
    public NewToken createToken(Principal self, String name, Duration validFor) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 100 || n.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("name: give the token a name of 1 to 100 characters, e.g. the script that uses it");
        }
        if (validFor != null && (validFor.isNegative() || validFor.isZero() || validFor.toDays() > 3650)) {
            throw new InvalidInputException("expiresInDays: must be between 1 and 3650");
        }
        Instant expiresAt = validFor == null ? null : clock.instant().plus(validFor);
        // a token made with an expiring token expires with it at the latest: expiry must bound what a stolen token can do
        if (self.expiresAt() != null && (expiresAt == null || expiresAt.isAfter(self.expiresAt()))) expiresAt = self.expiresAt();
        String token = TOKEN_PREFIX + Secrets.token();
        ApiToken info = users.createToken(self.user().id(), n, Secrets.sha256(token), expiresAt);
        return new NewToken(info, token);
    }

    public List<ApiToken> tokens(Principal self) {
        return users.tokens(self.user().id());
    }

    public void revokeToken(Principal self, String tokenId) {
        if (!users.deleteToken(self.user().id(), tokenId)) throw AccessDenied.notFound("token " + tokenId);
    }

    // ---- own account -------------------------------------------------------------------------

    /** Changes the caller's password and ends their other sessions. */
    public void changePassword(Principal self, String current, String next) {
        String hash = users.passwordHash(self.user().id()).orElseThrow();
        if (!hasher.verify(current == null ? "" : current, hash)) throw new InvalidInputException("currentPassword: is not your current password");
        checkPassword(self.user().username(), next, "newPassword");
        users.setPasswordHash(self.user().id(), hasher.hash(next));
        users.deleteSessions(self.user().id(), self.sessionHash());
    }

    // ---- managing users ----------------------------------------------------------------------

    /** The users an administrator manages: those whose every tenant the administrator holds. */
    public List<User> users(Principal admin) {
        admin.requireAdmin("manage users");
        return users.users().stream().filter(u -> manages(admin, u)).toList();
    }

    public User user(Principal admin, String id) {
        admin.requireAdmin("manage users");
        return users.user(id).filter(u -> manages(admin, u)).orElseThrow(() -> AccessDenied.notFound("user " + id));
    }

    /**
     * @param password null: generate one (returned once)
     */
    public WithPassword createUser(Principal admin, String username, String role, Set<String> tenants, String password) {
        admin.requireAdmin("create users");
        List<String> problems = new ArrayList<>();
        String name = username == null ? "" : username.strip();
        if (!USERNAME.matcher(name).matches()) {
            problems.add("username: 1 to 64 letters, digits and . _ @ + -, starting with a letter or digit");
        }
        Optional<Role> r = Role.fromId(role);
        if (r.isEmpty()) problems.add("role: must be admin or analyst");
        Set<String> granted = grantable(admin, tenants, problems);
        String pw = password == null || password.isEmpty() ? null : password;
        if (pw != null) {
            try {
                checkPassword(name, pw, "password");
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        String actual = pw == null ? Secrets.password() : pw;
        User u = users.createUser(name, r.get(), granted, hasher.hash(actual));
        return new WithPassword(u, pw == null ? actual : null);
    }

    public User updateUser(Principal admin, String id, String role, Set<String> tenants, boolean disabled) {
        User target = user(admin, id);
        List<String> problems = new ArrayList<>();
        Optional<Role> r = Role.fromId(role);
        if (r.isEmpty()) problems.add("role: must be admin or analyst");
        Set<String> granted = grantable(admin, tenants, problems);
        if (target.id().equals(admin.user().id()) && (disabled || r.orElse(Role.ADMIN) != Role.ADMIN)) {
            problems.add("role: you cannot demote or disable yourself; ask another administrator");
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        if (target.isAdmin() && (disabled || r.get() != Role.ADMIN)) requireAnotherAdmin(target);
        return users.updateUser(id, r.get(), granted, disabled);
    }

    /**
     * A new generated password for a user (returned once); their sessions end and their API tokens are revoked,
     * since a reset is how an administrator takes an account back.
     */
    public WithPassword resetPassword(Principal admin, String id) {
        User target = user(admin, id);
        String password = Secrets.password();
        users.setPasswordHash(target.id(), hasher.hash(password));
        users.deleteSessions(target.id(), null);
        users.deleteTokens(target.id());
        return new WithPassword(target, password);
    }

    public void deleteUser(Principal admin, String id) {
        User target = user(admin, id);
        if (target.id().equals(admin.user().id())) throw new InvalidInputException("id: you cannot delete yourself");
        if (target.isAdmin()) requireAnotherAdmin(target);
        users.deleteUser(id);
    }

    // ---- tenants -----------------------------------------------------------------------------

    /** The tenants the caller may see, by name. */
    public List<Tenant> tenants(Principal p) {
        return state.tenants().stream().filter(t -> p.canSee(t.id())).toList();
    }

    /** A new tenant, granted to the administrator who creates it. */
    public Tenant createTenant(Principal admin, String name) {
        admin.requireAdmin("create tenants");
        Tenant t = state.createTenant(name);
        users.grantTenant(admin.user().id(), t.id());
        return t;
    }

    // ---- rules -------------------------------------------------------------------------------

    /**
     * An administrator manages the users whose every tenant they hold; a user with no tenant (yet) only an
     * administrator who holds every tenant: otherwise an administrator of one tenant could take over a new
     * administrator before anyone granted them tenants, and so reach the tenants granted later.
     */
    private boolean manages(Principal admin, User u) {
        if (u.tenants().isEmpty()) return state.tenants().stream().allMatch(t -> admin.canSee(t.id()));
        return admin.tenants().containsAll(u.tenants());
    }

    private Set<String> grantable(Principal admin, Set<String> tenants, List<String> problems) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : tenants == null ? Set.<String>of() : tenants) {
            if (t == null || t.isBlank()) continue;
            if (!admin.canSee(t)) problems.add("tenants: there is no tenant '" + t + "' among yours");
            else out.add(t);
        }
        return out;
    }

    private void requireAnotherAdmin(User leaving) {
        boolean another = users.users().stream().anyMatch(u -> u.isAdmin() && !u.disabled() && !u.id().equals(leaving.id()));
        if (!another) throw new InvalidInputException("role: at least one enabled administrator must remain");
    }

    private static void checkPassword(String username, String password, String field) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new InvalidInputException(field + ": must be at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > MAX_PASSWORD) throw new InvalidInputException(field + ": must be at most " + MAX_PASSWORD + " characters");
        if (password.equalsIgnoreCase(username)) throw new InvalidInputException(field + ": must not be the user name");
    }
}
