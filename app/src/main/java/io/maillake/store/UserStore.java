package io.maillake.store;

import io.maillake.auth.ApiToken;
import io.maillake.auth.Role;
import io.maillake.auth.StoredSession;
import io.maillake.auth.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Console users with their granted tenants, browser sessions and API tokens. Passwords, session
 * ids and tokens go in already hashed: this store never sees them in clear. Implementations are
 * thread-safe and may be shared by several processes.
 */
public interface UserStore extends AutoCloseable {

    // ---- users -------------------------------------------------------------------------------

    long userCount();

    List<User> users();

    Optional<User> user(String id);

    /** By user name, case-insensitively. */
    Optional<User> userByName(String username);

    /** The stored password hash, for verifying a login. */
    Optional<String> passwordHash(String userId);

    /**
     * @throws io.maillake.domain.InvalidInputException if the name is taken or a tenant does not exist
     */
    User createUser(String username, Role role, Set<String> tenants, String passwordHash);

    /** @throws io.maillake.domain.InvalidInputException if a tenant does not exist */
    User updateUser(String id, Role role, Set<String> tenants, boolean disabled);

    /** Replaces the password hash. */
    void setPasswordHash(String userId, String passwordHash);

    /** Adds one tenant to a user's grants (e.g. the tenant an administrator just created). */
    void grantTenant(String userId, String tenantId);

    /** Removes the user with their sessions and tokens. */
    void deleteUser(String id);

    // ---- sessions ----------------------------------------------------------------------------

    void createSession(StoredSession session);

    Optional<StoredSession> session(String idHash);

    void touchSession(String idHash, Instant lastSeen);

    void deleteSession(String idHash);

    /** Ends every session of a user but {@code keepIdHash} (null: all). */
    void deleteSessions(String userId, String keepIdHash);

    /** Removes sessions created before {@code createdBefore} or idle since before {@code seenBefore}. */
    int deleteExpiredSessions(Instant createdBefore, Instant seenBefore);

    // ---- API tokens --------------------------------------------------------------------------

    ApiToken createToken(String userId, String name, String tokenHash, Instant expiresAt);

    List<ApiToken> tokens(String userId);

    Optional<ApiToken> tokenByHash(String tokenHash);

    void touchToken(String tokenId, Instant lastUsed);

    /** @return false when the user has no such token */
    boolean deleteToken(String userId, String tokenId);

    /** Revokes every API token of a user. */
    void deleteTokens(String userId);

    @Override void close();
}
