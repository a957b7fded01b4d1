package io.maillake.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.Maillake;
import io.maillake.domain.Cidr;
import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.domain.InvalidInputException;
import io.maillake.domain.MyNetworks;
import io.maillake.mimecast.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes what users type: integration drafts (add and edit) and My domains and IPs. Each input is
 * either accepted, and then stored as validated, or refused with an {@link InvalidInputException}
 * whose every problem names a known field, quotes no secret, and changed nothing: the store's
 * answers and its database file are the same after a refusal as before. CIDR text is parsed or
 * refused with an {@link IllegalArgumentException}, never another exception, and parses back to
 * itself.
 */
class InputValidationFuzzTest {
    private static final Set<String> DRAFT_FIELDS = Set.of("name", "description", "baseUrl", "types", "credentials",
            "appId", "appKey", "accessKey", "secretKey", "clientId", "clientSecret");
    private static final String TENANT = "default";

    private static Path dir;
    private static Maillake app;

    @BeforeContainer
    static void open() throws IOException {
        dir = Files.createTempDirectory("input-fuzz");
        app = Maillake.open(dir, Map.of(), Clock.systemUTC());
    }

    @AfterContainer
    static void close() {
        app.close();
        Reliability.deleteTree(dir);
    }

    /** What the store says, and the bytes of its database (the WAL index, rewritten by readers, aside). */
    private record StoreView(List<Integration> integrations, MyNetworks networks, Map<String, String> files) { }

    private static StoreView storeView() {
        Map<String, String> files = Reliability.fingerprint(dir).entrySet().stream()
                .filter(e -> e.getKey().startsWith("state.db") && !e.getKey().endsWith("-shm"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return new StoreView(app.store().integrations(TENANT), app.store().networks(TENANT), files);
    }

    /**
     * Every problem names a known field and says what is expected, and quotes no secret. A secret
     * whose text the user also typed into a field that is not secret (the fuzzer's arbitrary strings
     * share fragments) may appear where that field is quoted, so it is not held against the message.
     */
    private static void assertRefusalIsClear(InvalidInputException refused, IntegrationDraft draft) {
        String open = String.join("\n", orEmpty(draft.name()), orEmpty(draft.description()), orEmpty(draft.baseUrl()),
                orEmpty(draft.appId()), orEmpty(draft.clientId()), draft.logTypes() == null ? "" : String.join(",", draft.logTypes().stream()
                        .map(InputValidationFuzzTest::orEmpty).toList()));
        List<String> secrets = java.util.stream.Stream.of(draft.appKey(), draft.accessKey(), draft.secretKey(), draft.clientSecret())
                .map(InputValidationFuzzTest::orEmpty).map(String::strip)
                .filter(secret -> secret.length() >= 8 && !open.contains(secret)).toList();
        assertThat(refused.problems()).isNotEmpty();
        for (String problem : refused.problems()) {
            assertThat(DRAFT_FIELDS).as(problem).contains(InvalidInputException.fieldOf(problem));
            assertThat(problem.substring(problem.indexOf(':') + 1)).as("says what is expected").isNotBlank();
            for (String secret : secrets) assertThat(problem).doesNotContain(secret);
        }
    }

    @Property(tries = 300)
    void aDraftIsStoredAsValidatedOrRefusedNamingItsFieldsAndChangingNothing(@ForAll("drafts") IntegrationDraft draft) {
        StoreView before = storeView();
        Integration added;
        try {
            added = app.integrations().add(TENANT, draft);
        } catch (InvalidInputException refused) {
            assertRefusalIsClear(refused, draft);
            assertThat(storeView()).isEqualTo(before);
            Statistics.collect("refused");
            return;
        }
        Statistics.collect("stored");
        IntegrationDraft.Valid valid = draft.validate(app.baseUrlPolicy(), null);
        assertThat(added.name()).isEqualTo(valid.name());
        assertThat(added.baseUrl()).isEqualTo(valid.baseUrl());
        assertThat(added.logTypes()).isEqualTo(valid.logTypes());
        assertThat(app.store().integration(added.id())).contains(added);
        Credentials stored = app.store().credentials(added.id());
        assertThat(stored).isEqualTo(valid.credentials(null));
        assertThat(stored.generation()).isEqualTo(valid.generation());
    }

    @Property(tries = 200)
    void anEditIsStoredAsValidatedOrRefusedChangingNothing(@ForAll("drafts") IntegrationDraft edit) {
        List<Integration> existing = app.store().integrations(TENANT);
        if (existing.isEmpty()) {
            app.integrations().add(TENANT, new IntegrationDraft("seed", null, "https://eu-api.mimecast.com",
                    "ca16c415-658f-4c87-8fb6-e3e6957771dc", "ca16c415-658f-4c87-8fb6-e3e6957771dd", "accesskey",
                    "c2VjcmV0a2V5", null, null, List.of("url"), true));
            existing = app.store().integrations(TENANT);
        }
        Integration target = existing.get(Math.floorMod(edit.hashCode(), existing.size()));
        Credentials credentialsBefore = app.store().credentials(target.id());
        StoreView before = storeView();
        try {
            Integration updated = app.integrations().update(target.id(), edit);
            Statistics.collect("stored");
            assertThat(updated.id()).isEqualTo(target.id());
            assertThat(app.store().integration(target.id())).contains(updated);
            // secrets left empty are kept
            if (updated.generation() == target.generation() && edit.clientSecret() == null && edit.secretKey() == null
                    && edit.appKey() == null && edit.accessKey() == null) {
                assertThat(app.store().credentials(target.id())).isEqualTo(credentialsBefore
                        instanceof Credentials.Api1 a ? new Credentials.Api1(updated.appId(), a.appKey(), a.accessKey(), a.secretKey())
                        : new Credentials.Api2(updated.clientId(), ((Credentials.Api2) credentialsBefore).clientSecret()));
            }
        } catch (InvalidInputException refused) {
            assertRefusalIsClear(refused, edit);
            assertThat(storeView()).isEqualTo(before);
            assertThat(app.store().credentials(target.id())).isEqualTo(credentialsBefore);
            Statistics.collect("refused");
        }
    }

    @Property(tries = 400)
    void myDomainsAndIpsAreStoredAsParsedOrRefusedNamingTheListAndChangingNothing(
            @ForAll("domainLists") List<String> domains, @ForAll("cidrLists") List<String> cidrs) {
        StoreView before = storeView();
        MyNetworks parsed;
        try {
            parsed = MyNetworks.parse(domains, cidrs);
        } catch (InvalidInputException refused) {
            for (String problem : refused.problems()) {
                assertThat(InvalidInputException.fieldOf(problem)).as(problem).isIn("domains", "cidrs");
            }
            assertThat(storeView()).isEqualTo(before);
            Statistics.collect("refused");
            return;
        } catch (Throwable t) {
            throw new AssertionError("MyNetworks.parse threw " + t, t);
        }
        Statistics.collect("stored");
        app.store().setNetworks(TENANT, parsed);
        assertThat(app.store().networks(TENANT)).isEqualTo(parsed);
        // what was stored parses again to itself
        assertThat(MyNetworks.parse(parsed.domains(), parsed.cidrs().stream().map(Cidr::text).toList())).isEqualTo(parsed);
        for (String d : parsed.domains()) assertThat(parsed.isOwnAddress("someone@" + d)).isTrue();
    }

    @Property(tries = 3000)
    void aCidrIsParsedToItselfOrRefusedSayingWhatIsExpected(@ForAll("cidrs") String text) {
        Cidr cidr;
        try {
            cidr = Cidr.parse(text);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            Statistics.collect("refused");
            return;
        } catch (Throwable t) {
            throw new AssertionError("Cidr.parse threw " + t + " for " + text, t);
        }
        Statistics.collect(cidr.network().length == 4 ? "IPv4 range" : "IPv6 range");
        assertThat(cidr.prefix()).isBetween(0, cidr.network().length * 8);
        assertThat(Cidr.parse(cidr.text())).isEqualTo(cidr);
        assertThat(cidr.contains(cidr.network())).isTrue();
        assertThat(Cidr.literal(cidr.text().substring(0, cidr.text().indexOf('/')))).isPresent();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    // ---- generators ---------------------------------------------------------------------------

    private static final String GUID = "ca16c415-658f-4c87-8fb6-e3e6957771dc";

    @Provide
    Arbitrary<IntegrationDraft> drafts() {
        return Arbitraries.randomValue(InputValidationFuzzTest::draft);
    }

    static IntegrationDraft draft(Random r) {
        if (r.nextInt(3) == 0) return almostValid(r);
        boolean api1 = r.nextBoolean();
        boolean both = r.nextInt(10) == 0;
        return new IntegrationDraft(
                text(r, "acme", "Acme EU", "x".repeat(100), "x".repeat(101), "tab\there", "new\nline", "\u0000", "\u00e9\u2603\ud83d\ude00", "\ud800"),
                r.nextInt(3) == 0 ? null : text(r, "", "d", "x".repeat(1000), "x".repeat(1001), "\u0000\u0007", "\ud800"),
                text(r, "https://eu-api.mimecast.com", "https://api.services.mimecast.com", "https://EU-API.mimecast.com/",
                        "http://eu-api.mimecast.com", "https://evil.example", "https://api.mimecast.com:8443",
                        "https://user@api.mimecast.com", "https://api.mimecast.com/path", "not a url", "https://", "//api.mimecast.com"),
                api1 || both ? text(r, GUID, GUID.toUpperCase(), GUID.substring(1), "not-a-guid", " " + GUID + " ") : null,
                api1 || both ? text(r, new java.util.UUID(r.nextLong(), r.nextLong()).toString(), "key", "0f2f1a2e5a7e4b339c1f0a1b2c3d4e5f") : null,
                api1 || both ? text(r, "AccessKey-" + Long.toHexString(r.nextLong()), "with space inside", "x".repeat(1025), "\u00e9") : null,
                api1 || both ? text(r, "c2VjcmV0a2V5" + "QUJD".repeat(r.nextInt(4)), "not base64!", "c2VjcmV0a2V5=", "====", "QQ==", "x".repeat(2000)) : null,
                !api1 || both ? text(r, "client-" + Long.toHexString(r.nextLong()), "with space", "x".repeat(1025)) : null,
                !api1 || both ? text(r, "Secret-" + Long.toHexString(r.nextLong()), "secret with space", "x".repeat(1025)) : null,
                r.nextInt(8) == 0 ? null : types(r),
                r.nextInt(3) == 0 ? null : r.nextBoolean());
    }

    /** A valid draft of either generation with at most one field replaced by something odd. */
    static IntegrationDraft almostValid(Random r) {
        boolean api1 = r.nextBoolean();
        String[] f = {"acme-" + r.nextInt(400), r.nextBoolean() ? null : "EU tenant \u00e9", FuzzJson.pick(r,
                "https://eu-api.mimecast.com", "https://us-api.mimecast.com", "https://api.services.mimecast.com"),
                api1 ? new java.util.UUID(r.nextLong(), r.nextLong()).toString() : null,
                api1 ? new java.util.UUID(r.nextLong(), r.nextLong()).toString() : null,
                api1 ? "access-" + Long.toHexString(r.nextLong()) : null, api1 ? "c2VjcmV0LWtleQ==" : null,
                api1 ? null : "client-" + Long.toHexString(r.nextLong()), api1 ? null : "Secret-" + Long.toHexString(r.nextLong())};
        if (r.nextBoolean()) {
            int k = r.nextInt(f.length);
            f[k] = FuzzJson.pick(r, "", " ", null, "x\ud800", "\udc00", "a b", "\u0000", "x".repeat(1100));
        }
        List<String> types = new ArrayList<>(List.of("url", "impersonation", "attachment").subList(0, 1 + r.nextInt(3)));
        if (r.nextInt(4) == 0) types = types(r);
        return new IntegrationDraft(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], types, r.nextBoolean() ? null : true);
    }

    private static List<String> types(Random r) {
        List<String> out = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) out.add(text(r, "url", "impersonation", "attachment", "URL", " Attachment ", "siem", "audit", "url,attachment"));
        return out;
    }

    /** Usually one of the given values; else null, blank, arbitrary unicode, or a value with spaces around it. */
    private static String text(Random r, String... usual) {
        int roll = r.nextInt(12);
        if (roll == 0) return null;
        if (roll == 1) return FuzzJson.pick(r, "", " ", "\t\n");
        if (roll == 2) return arbitrary(r);
        String v = usual[r.nextInt(usual.length)];
        return roll == 3 ? "  " + v + "\u00a0" : v;
    }

    private static String arbitrary(Random r) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(20);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(5);
            s.append(switch (kind) {
                case 0 -> (char) r.nextInt(0x20);
                case 1 -> (char) (0x20 + r.nextInt(0x5f));
                case 2 -> (char) (0xd800 + r.nextInt(0x800));
                case 3 -> (char) r.nextInt(0x10000);
                default -> "@:/.-_[]%";
            });
        }
        return s.toString();
    }

    @Provide
    Arbitrary<List<String>> domainLists() {
        return Arbitraries.randomValue(r -> {
            List<String> out = new ArrayList<>();
            int n = r.nextInt(5);
            for (int i = 0; i < n; i++) {
                out.add(r.nextInt(8) == 0 ? null : text(r, "example.com", "Example.COM.", "@corp.example.org", "b\u00fccher.example",
                        "xn--bcher-kva.example", "localhost", "-bad-.example", "a..b", "1.2.3.4", "x".repeat(64) + ".com",
                        ("a".repeat(60) + ".").repeat(5) + "com", "exa mple.com", "example.123", "*.example.com", "\u0430pple.com"));
            }
            return out;
        });
    }

    @Provide
    Arbitrary<List<String>> cidrLists() {
        return cidrs().list().ofMaxSize(4).map(l -> l.stream().map(s -> s.equals("<null>") ? null : s).toList());
    }

    @Provide
    Arbitrary<String> cidrs() {
        return Arbitraries.randomValue(r -> {
            if (r.nextInt(20) == 0) return "<null>";
            if (r.nextInt(6) == 0) return arbitrary(r);
            String address = FuzzJson.pick(r, "10.0.0.0", "192.168.1.7", "255.255.255.255", "0.0.0.0", "256.0.0.0", "1.2.3",
                    "01.2.3.4", "010.0.0.0", "1.2.3.4.5", "fc00::", "fe80::1", "::", "::1", "::ffff:10.0.0.1", "2001:db8::1:0:0:1",
                    "gggg::", ":::", "1:2:3:4:5:6:7:8:9", "[::1]", "fe80::1%eth0", "localhost", "example.com", "", " 10.0.0.1 ", "1.2.3.4:80");
            String prefix = FuzzJson.pick(r, "", "", "/0", "/8", "/32", "/33", "/64", "/128", "/129", "/-1", "/", "/08", "/1000", "/x", "//8");
            return address + prefix;
        });
    }
}
