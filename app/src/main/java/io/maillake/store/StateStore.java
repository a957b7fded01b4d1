package io.maillake.store;

import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.StreamKey;
import io.maillake.domain.StreamStatus;
import io.maillake.domain.Tenant;
import io.maillake.mimecast.Credentials;
import io.maillake.mimecast.LogType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Configuration and status: tenants, My domains and IPs, integrations with their sealed secrets,
 * and stream status and leases. Implementations are thread-safe and may be shared by several
 * processes. Secrets go in sealed and come out only through {@link #credentials}.
 */
public interface StateStore extends AutoCloseable {

    // ---- tenants -----------------------------------------------------------------------------

    List<Tenant> tenants();

    /** A tenant by id or by name. */
    Optional<Tenant> tenant(String idOrName);

    /** @throws io.maillake.domain.InvalidInputException if the name is empty, too long or taken */
    Tenant createTenant(String name);

    // ---- My domains and IPs ------------------------------------------------------------------

    /** The tenant's networks; the private ranges until some were stated. */
    MyNetworks networks(String tenantId);

    void setNetworks(String tenantId, MyNetworks networks);

    // ---- integrations ------------------------------------------------------------------------

    List<Integration> integrations(String tenantId);

    /** Every enabled integration of every tenant (for the collector). */
    List<Integration> enabledIntegrations();

    Optional<Integration> integration(String id);

    /** @throws io.maillake.domain.InvalidInputException if the name is taken in the tenant */
    Integration createIntegration(String tenantId, IntegrationDraft.Valid valid);

    /** @throws io.maillake.domain.InvalidInputException if the new name is taken in the tenant */
    Integration updateIntegration(String id, IntegrationDraft.Valid valid);

    void deleteIntegration(String id);

    /** The unsealed credentials: only for calling Mimecast. */
    Credentials credentials(String integrationId);

    // ---- streams -----------------------------------------------------------------------------

    List<StreamStatus> streamStatuses(String integrationId);

    StreamStatus streamStatus(String integrationId, LogType type);

    /** Records a stream's new status; when its state or error changes, also in the stream's history. */
    void saveStreamStatus(StreamStatus status);

    /** The latest status changes of a stream, newest first. */
    List<StreamStatus> streamHistory(String integrationId, LogType type, int limit);

    /**
     * Takes or renews the lease on a stream for {@code owner}, if nobody else holds an unexpired
     * lease: only the holder collects the stream.
     */
    boolean tryLease(StreamKey stream, String owner, Duration duration);

    void releaseLease(StreamKey stream, String owner);

    /**
     * Takes over a lease from {@code deadOwner}, a holder known to be gone, if it still holds it.
     */
    boolean takeOverLease(StreamKey stream, String deadOwner, String owner, Duration duration);

    /** The holder of an unexpired lease on the stream, if any. */
    Optional<String> leaseHolder(StreamKey stream);

    @Override void close();
}
