package io.maillake.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.domain.InvalidInputException;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.StreamKey;
import io.maillake.domain.Tenant;
import io.maillake.mimecast.BaseUrlPolicy;
import io.maillake.mimecast.Credentials;
import io.maillake.mimecast.LogType;
import io.maillake.store.embedded.SqliteStateStore;
import io.maillake.store.secrets.MasterKey;
import io.maillake.store.secrets.SecretBox;
import io.maillake.store.secrets.SecretsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    static final String APP_ID = "ca16c415-658f-4c87-8fb6-e3e6957771dc";
    static final String APP_KEY = "0b2c7a1e-3f4d-4e5a-9b8c-7d6e5f4a3b2c";
    static final String ACCESS_KEY = "mYtOL3XZaccess-key-that-is-long-enough-0123456789";
    static final String SECRET_KEY = "c2VjcmV0LWtleS1ieXRlcy1mb3ItdGVzdGluZy1vbmx5LTAxMjM0NTY3ODk=";

    @TempDir Path dir;

    private SqliteStateStore open(MasterKey key) {
        return new SqliteStateStore(dir.resolve("state.db"), new SecretBox(key), Clock.systemUTC());
    }

    private static IntegrationDraft.Valid api1(String name) {
        return new IntegrationDraft(name, "d", "https://eu-api.mimecast.com", APP_ID, APP_KEY, ACCESS_KEY, SECRET_KEY, null, null,
                List.of("url", "attachment"), true).validate(BaseUrlPolicy.strict(), null);
    }

    @Test
    void sealsSecretsSoTheDatabaseFileNeverHoldsThemInClear() throws Exception {
        MasterKey key = MasterKey.load(dir, Map.of());
        try (SqliteStateStore store = open(key)) {
            Integration i = store.createIntegration(Tenant.DEFAULT_ID, api1("acme"));
            assertThat(store.credentials(i.id())).isEqualTo(new Credentials.Api1(APP_ID, APP_KEY, ACCESS_KEY, SECRET_KEY));
        }
        byte[] db = Files.readAllBytes(dir.resolve("state.db"));
        byte[] wal = Files.exists(dir.resolve("state.db-wal")) ? Files.readAllBytes(dir.resolve("state.db-wal")) : new byte[0];
        String all = new String(db, StandardCharsets.ISO_8859_1) + new String(wal, StandardCharsets.ISO_8859_1);
        assertThat(all).doesNotContain(ACCESS_KEY, SECRET_KEY, APP_KEY).contains(APP_ID);
    }

    @Test
    void aNewDataDirectoryAndItsDatabasesAreTheOwnersAlone() throws Exception {
        Path data = dir.resolve("fresh");
        try (io.maillake.Maillake app = io.maillake.Maillake.open(data, Map.of(), java.time.Clock.systemUTC())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("state.db")))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("detections.db")))).isEqualTo("rw-------");
            app.integrations().add("default", new io.maillake.domain.IntegrationDraft("acme", null, "https://eu-api.mimecast.com",
                    APP_ID, APP_KEY, ACCESS_KEY, SECRET_KEY, null, null, java.util.List.of("url"), true));
            for (String f : new String[] {"state.db-wal", "state.db-shm", "lake/catalog.db", "lake/catalog.db-wal"}) {
                if (Files.exists(data.resolve(f))) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(f)))).as(f).isEqualTo("rw-------");
                }
            }
            assertThat(data.resolve("state.db-wal")).as("written in WAL mode").exists();
        }
    }

    @Test
    void generatesAMasterKeyFileReadableByItsOwnerOnlyAndReusesIt() throws Exception {
        MasterKey first = MasterKey.load(dir, Map.of());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("master.key")))).isEqualTo("rw-------");
        try (SqliteStateStore store = open(first)) {
            store.createIntegration(Tenant.DEFAULT_ID, api1("acme"));
        }
        try (SqliteStateStore store = open(MasterKey.load(dir, Map.of()))) {
            assertThat(store.credentials(store.integrations(Tenant.DEFAULT_ID).get(0).id())).isInstanceOf(Credentials.Api1.class);
        }
        assertThat(first.toString()).doesNotContain(Files.readString(dir.resolve("master.key")).trim());
    }

    @Test
    void refusesAKeyFileOthersCanRead() throws Exception {
        MasterKey.load(dir, Map.of());
        Files.setPosixFilePermissions(dir.resolve("master.key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> MasterKey.load(dir, Map.of())).isInstanceOf(SecretsException.class)
                .hasMessageContaining("chmod 600");
    }

    @Test
    void refusesAMalformedKeyInTheEnvironmentAndAWrongKeyForExistingSecrets() {
        assertThatThrownBy(() -> MasterKey.load(dir, Map.of(MasterKey.ENV, "short"))).isInstanceOf(SecretsException.class)
                .hasMessageContaining("32 random bytes in base64").hasMessageContaining("openssl rand -base64 32");
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        b[0] = 1;
        try (SqliteStateStore store = open(MasterKey.load(dir, Map.of(MasterKey.ENV, Base64.getEncoder().encodeToString(a))))) {
            store.createIntegration(Tenant.DEFAULT_ID, api1("acme"));
        }
        assertThatThrownBy(() -> open(MasterKey.load(dir, Map.of(MasterKey.ENV, Base64.getEncoder().encodeToString(b)))))
                .isInstanceOf(SecretsException.class).hasMessageContaining("MAILLAKE_MASTER_KEY");
    }

    @Test
    void aSealedSecretDoesNotOpenForAnotherIntegration() {
        SecretBox box = new SecretBox(MasterKey.of(new byte[32]));
        byte[] sealed = box.seal("s3cr3t", "integration:a");
        assertThat(box.open(sealed, "integration:a")).isEqualTo("s3cr3t");
        assertThatThrownBy(() -> box.open(sealed, "integration:b")).isInstanceOf(SecretsException.class);
    }

    @Test
    void keepsSecretsOnAnEditThatDoesNotReplaceThemAndReplacesOnlyThoseGiven() {
        try (SqliteStateStore store = open(MasterKey.of(new byte[32]))) {
            Integration i = store.createIntegration(Tenant.DEFAULT_ID, api1("acme"));
            IntegrationDraft rename = new IntegrationDraft("acme eu", null, null, null, null, null, null, null, null, null, null);
            store.updateIntegration(i.id(), rename.validate(BaseUrlPolicy.strict(), i));
            assertThat(store.credentials(i.id())).isEqualTo(new Credentials.Api1(APP_ID, APP_KEY, ACCESS_KEY, SECRET_KEY));
            Integration renamed = store.integration(i.id()).orElseThrow();
            IntegrationDraft newSecret = new IntegrationDraft(null, null, null, null, null, null, "bmV3LXNlY3JldA==", null, null, null, null);
            store.updateIntegration(i.id(), newSecret.validate(BaseUrlPolicy.strict(), renamed));
            assertThat(store.credentials(i.id())).isEqualTo(new Credentials.Api1(APP_ID, APP_KEY, ACCESS_KEY, "bmV3LXNlY3JldA=="));
            assertThat(store.integration(i.id()).orElseThrow().name()).isEqualTo("acme eu");
        }
    }

    @Test
    void namesAreUniquePerTenantOnly() {
        try (SqliteStateStore store = open(MasterKey.of(new byte[32]))) {
            store.createIntegration(Tenant.DEFAULT_ID, api1("acme"));
            assertThatThrownBy(() -> store.createIntegration(Tenant.DEFAULT_ID, api1("acme")))
                    .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("name: ");
            Tenant other = store.createTenant("Other Corp");
            assertThat(other.id()).isEqualTo("other-corp");
            assertThat(store.createIntegration(other.id(), api1("acme")).tenantId()).isEqualTo("other-corp");
            assertThat(store.integrations(Tenant.DEFAULT_ID)).hasSize(1);
        }
    }

    @Test
    void keepsMyDomainsAndIpsPerTenantWithThePrivateRangesUntilStated() {
        try (SqliteStateStore store = open(MasterKey.of(new byte[32]))) {
            assertThat(store.networks(Tenant.DEFAULT_ID)).isEqualTo(MyNetworks.defaults());
            store.setNetworks(Tenant.DEFAULT_ID, MyNetworks.parse(List.of("acme.example"), List.of("203.0.113.0/24")));
            MyNetworks n = store.networks(Tenant.DEFAULT_ID);
            assertThat(n.domains()).containsExactly("acme.example");
            assertThat(n.isInternalIp("203.0.113.7")).isTrue();
            assertThat(n.isInternalIp("10.1.1.1")).isFalse();
            assertThat(store.tenant(Tenant.DEFAULT_ID).orElseThrow().networksSet()).isTrue();
        }
    }

    @Test
    void leasesAStreamToOneHolderAtATime() {
        try (SqliteStateStore store = open(MasterKey.of(new byte[32]))) {
            Integration i = store.createIntegration(Tenant.DEFAULT_ID, api1("acme"));
            StreamKey s = i.stream(LogType.URL);
            assertThat(store.tryLease(s, "a", Duration.ofMinutes(1))).isTrue();
            assertThat(store.tryLease(s, "b", Duration.ofMinutes(1))).isFalse();
            assertThat(store.leaseHolder(s)).contains("a");
            assertThat(store.takeOverLease(s, "c", "b", Duration.ofMinutes(1))).as("only from the named holder").isFalse();
            assertThat(store.takeOverLease(s, "a", "b", Duration.ofMinutes(1))).isTrue();
            store.releaseLease(s, "b");
            assertThat(store.leaseHolder(s)).isEmpty();
        }
    }
}
