package io.maillake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maillake.domain.EmailEvent;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.StreamCursor;
import io.maillake.domain.StreamKey;
import io.maillake.lake.embedded.EmbeddedLake;
import io.maillake.lake.embedded.QueryEngine;
import io.maillake.mimecast.LogType;
import io.maillake.normalise.Normaliser;
import io.maillake.normalise.Ocsf;
import io.maillake.normalise.OrdinalCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class EmbeddedLakeTest {
    private static final Instant T0 = Instant.parse("2026-10-05T09:00:00Z");
    private static final StreamKey A = new StreamKey("tenant-a", "int-a", LogType.URL);
    private static final StreamKey B = new StreamKey("tenant-b", "int-b", LogType.URL);

    @TempDir Path dir;
    private EmbeddedLake lake;

    @BeforeEach
    void open() {
        lake = new EmbeddedLake(dir.resolve("lake"), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        lake.close();
    }

    static List<EmailEvent> clicks(StreamKey stream, int n, Instant start, String recipient) {
        Normaliser.Context ctx = new Normaliser.Context(stream.tenantId(), stream.integrationId(), MyNetworks.defaults(), start, start);
        OrdinalCounter ordinals = new OrdinalCounter();
        List<EmailEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String raw = "{\"userEmailAddress\":\"" + recipient + "\",\"fromUserEmailAddress\":\"news@sender.example.net\","
                    + "\"url\":\"https://sender.example.net/" + i + "\",\"action\":\"allow\",\"scanResult\":\"clean\","
                    + "\"route\":\"inbound\",\"date\":\"" + start.plusSeconds(i).toString().replace("Z", "+0000") + "\"}";
            out.add(Normaliser.normalise(LogType.URL, raw, ctx, ordinals));
        }
        return out;
    }

    private static StreamCursor cursorAt(Instant leadTo) {
        return new StreamCursor(leadTo, leadTo, null, 0);
    }

    @Test
    void commitsEventsAndTheirCursorTogether() {
        List<EmailEvent> events = clicks(A, 50, T0, "alice@example.com");
        StreamCursor committed = lake.commit(A, events, 0, cursorAt(T0.plusSeconds(50)));

        assertThat(committed.version()).isEqualTo(1);
        assertThat(lake.cursor(A).leadTo()).isEqualTo(T0.plusSeconds(50));
        assertThat(lake.cursor(A).version()).isEqualTo(1);
        assertThat(lake.cursor(B)).isEqualTo(StreamCursor.INITIAL);
        assertThat(lake.stats(A).events()).isEqualTo(50);
        UidSet uids = lake.landedUids(A, T0.plusSeconds(10), T0.plusSeconds(19));
        assertThat(uids.size()).isEqualTo(10);
        assertThat(uids.contains(events.get(10).eventUid())).isTrue();
        assertThat(uids.contains(events.get(20).eventUid())).isFalse();
    }

    @Test
    void refusesACommitFromAStaleCursorAndLeavesNoFileBehind() {
        lake.commit(A, clicks(A, 5, T0, "a@example.com"), 0, cursorAt(T0.plusSeconds(5)));
        List<EmailEvent> late = clicks(A, 5, T0.plusSeconds(5), "a@example.com");

        assertThatThrownBy(() -> lake.commit(A, late, 0, cursorAt(T0.plusSeconds(10))))
                .isInstanceOf(CursorConflictException.class);
        assertThat(lake.cursor(A).leadTo()).isEqualTo(T0.plusSeconds(5));
        assertThat(lake.stats(A).events()).isEqualTo(5);
        assertThat(parquetFiles()).hasSize(1);
    }

    @Test
    void splitsABatchAcrossDaysIntoOneFilePerDay() {
        Instant beforeMidnight = Instant.parse("2026-10-05T23:59:58Z");
        lake.commit(A, clicks(A, 4, beforeMidnight, "a@example.com"), 0, cursorAt(beforeMidnight.plusSeconds(4)));
        assertThat(parquetFiles()).hasSize(2)
                .anyMatch(p -> p.toString().contains("day=2026-10-05"))
                .anyMatch(p -> p.toString().contains("day=2026-10-06"));
    }

    @Test
    void queriesSeeOnlyTheCallersTenantsAndDeriveOcsfFromTheStoredRow() throws Exception {
        List<EmailEvent> a = clicks(A, 3, T0, "alice@a.example");
        lake.commit(A, a, 0, cursorAt(T0.plusSeconds(3)));
        lake.commit(B, clicks(B, 7, T0, "bob@b.example"), 0, cursorAt(T0.plusSeconds(7)));
        QueryEngine q = lake.queryEngine();

        assertThat(q.query("select count(*) from email_events", Set.of("tenant-a"), 10, Duration.ofSeconds(10)).rows())
                .containsExactly(List.of(3L));
        assertThat(q.query("select count(*) from email_events", QueryScope.all(), 10, Duration.ofSeconds(10)).rows())
                .containsExactly(List.of(10L));
        assertThat(q.query("select count(*) from email_events", Set.of(), 10, Duration.ofSeconds(10)).rows())
                .containsExactly(List.of(0L));

        QueryResult r = q.query("select event_uid, ocsf from email_events order by time limit 1", Set.of("tenant-a"), 10, Duration.ofSeconds(10));
        JsonMapper json = JsonMapper.builder().build();
        assertThat(r.rows().get(0).get(0)).isEqualTo(a.get(0).eventUid());
        assertThat(json.readTree((String) r.rows().get(0).get(1))).isEqualTo(json.readTree(Ocsf.json(a.get(0))));
    }

    /**
     * Text columns travel packed into one value while a batch is staged; whatever they hold (null, empty, the
     * packing's own separator or null mark, other control characters, any script), every column reads back as it went in.
     */
    @Test
    void everyColumnReadsBackExactlyWhateverItsTextHolds() {
        String[] odd = {null, "", " ", "\u001f", "\u001e", "a\u001fb", "\u001e\u001f", "tab\tnew\nline", "Ünïcødé 日本 😀",
            "x".repeat(5_000), "'; drop table email_events; --", "\\u001f", "\u0000nul"};
        List<EmailEvent> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String v = odd[i % odd.length];
            String w = odd[(i * 7 + 3) % odd.length];
            events.add(new EmailEvent("uid-" + i, T0.plusSeconds(i), T0.plusSeconds(100), A.tenantId(), A.integrationId(), A.logType(),
                    4009, 3, i % 3, i % 4, i % 6, io.maillake.domain.Direction.values()[i % 4], v, w, v, w, v, w, v, w,
                    i % 2 == 0 ? null : "192.0.2." + i, w, v, w, "{\"n\":" + i + "}"));
        }
        lake.commit(A, events, 0, cursorAt(T0.plusSeconds(60)));

        QueryResult r = lake.queryEngine().query("select " + LakeSchema.names() + " from email_events order by time",
                QueryScope.all(), 100, Duration.ofSeconds(30));
        assertThat(r.rows()).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            EmailEvent e = events.get(i);
            List<Object> row = r.rows().get(i);
            assertThat(row).as("event %d", i).containsExactly(e.eventUid(), e.time().toString(), e.ingestedAt().toString(),
                    e.tenantId(), e.integrationId(), e.logType().id(), e.classUid(), e.activityId(), e.actionId(),
                    e.dispositionId(), e.severityId(), e.direction().id(), e.sender(), e.recipient(), e.subject(), e.messageId(),
                    e.url(), e.fileName(), e.fileType(), e.fileSha256(), e.srcIp(), e.verdict(), e.action(), e.policy(), e.raw());
        }
    }

    @Test
    void aScopeBySequenceSeesOnlyFilesCommittedAfterIt() {
        lake.commit(A, clicks(A, 3, T0, "a@example.com"), 0, cursorAt(T0.plusSeconds(3)));
        long seq = lake.lastFileSequence();
        lake.commit(A, clicks(A, 4, T0.plusSeconds(3), "b@example.com"), 1, cursorAt(T0.plusSeconds(7)));
        QueryEngine q = lake.queryEngine();
        assertThat(q.query("select count(*) from email_events", new QueryScope(null, seq, Long.MAX_VALUE), 1, Duration.ofSeconds(5)).rows())
                .containsExactly(List.of(4L));
        assertThat(q.query("select count(*) from email_events", new QueryScope(null, Long.MIN_VALUE, seq), 1, Duration.ofSeconds(5)).rows())
                .containsExactly(List.of(3L));
        assertThat(lake.lastFileSequence()).isEqualTo(seq + 1);
    }

    @Test
    void aScopeByTimeLeavesOutFilesThatHoldNoEventOfItsRange() {
        // events at T0 .. T0+2 s, and an hour later at T0+1h .. T0+1h+3 s, each batch its own file
        lake.commit(A, clicks(A, 3, T0, "a@example.com"), 0, cursorAt(T0.plusSeconds(3)));
        lake.commit(A, clicks(A, 4, T0.plusSeconds(3600), "b@example.com"), 1, cursorAt(T0.plusSeconds(3604)));
        QueryEngine q = lake.queryEngine();
        QueryScope all = QueryScope.all();
        // the query itself does not filter by time: what it counts is what the scope's files hold
        String count = "select count(*) from email_events";
        assertThat(q.query(count, all.within(T0, T0.plusSeconds(2)), 1, Duration.ofSeconds(5)).rows()).containsExactly(List.of(3L));
        assertThat(q.query(count, all.within(T0.plusSeconds(2).plusMillis(500), T0.plusSeconds(3599)), 1, Duration.ofSeconds(5)).rows())
                .as("a range touching the last second of the first file").containsExactly(List.of(3L));
        assertThat(q.query(count, all.within(T0.plusSeconds(3), T0.plusSeconds(3599)), 1, Duration.ofSeconds(5)).rows())
                .containsExactly(List.of(0L));
        assertThat(q.query(count, all.within(T0.plusSeconds(3600), null), 1, Duration.ofSeconds(5)).rows()).containsExactly(List.of(4L));
        assertThat(q.query(count, all.within(null, T0), 1, Duration.ofSeconds(5)).rows()).containsExactly(List.of(3L));
        assertThat(q.query(count, all, 1, Duration.ofSeconds(5)).rows()).containsExactly(List.of(7L));
    }

    @Test
    void queriesReadRegisteredVirtualTablesFilteredByTenant() {
        lake.registerTable(new VirtualTable() {
            @Override public String name() { return "notes"; }
            @Override public List<LakeSchema.Column> columns() {
                return List.of(new LakeSchema.Column("tenant_id", "VARCHAR"), new LakeSchema.Column("noted_at", "TIMESTAMP"),
                        new LakeSchema.Column("tags", "VARCHAR[]"));
            }
            @Override public List<List<Object>> rows(Set<String> tenants) {
                return java.util.stream.Stream.of("tenant-a", "tenant-b").filter(t -> tenants == null || tenants.contains(t))
                        .map(t -> List.<Object>of(t, T0, List.of("x", t))).toList();
            }
        });
        QueryResult r = lake.queryEngine().query("select tenant_id, noted_at, tags from notes", Set.of("tenant-b"), 10, Duration.ofSeconds(5));
        assertThat(r.rows()).containsExactly(List.of("tenant-b", T0.toString(), List.of("x", "tenant-b")));
    }

    @Test
    void exportsHivePartitionedParquetThatOtherEnginesCanRead() throws Exception {
        Instant beforeMidnight = Instant.parse("2026-10-05T23:59:58Z");
        List<EmailEvent> a = clicks(A, 4, beforeMidnight, "alice@a.example");
        lake.commit(A, a, 0, cursorAt(beforeMidnight.plusSeconds(4)));
        lake.commit(B, clicks(B, 3, T0, "bob@b.example"), 0, cursorAt(T0.plusSeconds(3)));
        Path target = dir.resolve("export");

        EmbeddedLake.ExportResult r = lake.export(target, Set.of("tenant-a"), null, null, true);

        assertThat(r.rows()).isEqualTo(4);
        assertThat(target.resolve("tenant_id=tenant-a/log_type=url/day=2026-10-05")).isDirectory();
        assertThat(target.resolve("tenant_id=tenant-a/log_type=url/day=2026-10-06")).isDirectory();
        assertThat(target.resolve("tenant_id=tenant-b")).doesNotExist();
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var s = c.createStatement();
             var rs = s.executeQuery("select event_uid, raw, ocsf, tenant_id, day from read_parquet('" + target
                     + "/**/*.parquet', hive_partitioning = true) order by time")) {
            int i = 0;
            while (rs.next()) {
                assertThat(rs.getString(1)).isEqualTo(a.get(i).eventUid());
                assertThat(rs.getString(2)).isEqualTo(a.get(i).raw());
                assertThat(JsonMapper.builder().build().readTree(rs.getString(3))).isEqualTo(JsonMapper.builder().build().readTree(Ocsf.json(a.get(i))));
                assertThat(rs.getString(4)).isEqualTo("tenant-a");
                i++;
            }
            assertThat(i).isEqualTo(4);
        }
        assertThatThrownBy(() -> lake.export(target, null, null, null, false)).isInstanceOf(io.maillake.domain.InvalidInputException.class)
                .hasMessageContaining("not empty");

        // a file whose time span covers the range but holds no event inside it leaves nothing behind
        List<EmailEvent> apart = new ArrayList<>(clicks(A, 1, T0, "gap@a.example"));
        apart.addAll(clicks(A, 1, T0.plusSeconds(10), "gap@a.example"));
        lake.commit(A, apart, lake.cursor(A).version(), cursorAt(T0.plusSeconds(11)));
        Path gap = dir.resolve("gap");
        assertThat(lake.export(gap, Set.of("tenant-a"), T0.plusSeconds(5), T0.plusSeconds(6), false).rows()).isZero();
        try (var left = java.nio.file.Files.walk(gap)) {
            assertThat(left.filter(java.nio.file.Files::isRegularFile)).isEmpty();
        }
        assertThat(gap.resolve("tenant_id=tenant-a")).doesNotExist();
        assertThat(lake.export(dir.resolve("gap2"), Set.of("tenant-a"), T0, T0.plusSeconds(11), false).rows()).isEqualTo(2);
    }

    @Test
    void exportsADayFarLargerThanTheLakesMemoryWithItsOcsfColumn() throws Exception {
        // 40,000 events of about 8 KB each with their OCSF event: some 300 MB through a lake limited to 128 MB
        String subject = "x".repeat(4_000);
        Normaliser.Context ctx = new Normaliser.Context(A.tenantId(), A.integrationId(), MyNetworks.defaults(), T0, T0);
        OrdinalCounter ordinals = new OrdinalCounter();
        Instant dayStart = Instant.parse("2026-10-07T00:00:00Z");
        long version = 0;
        for (int batch = 0; batch < 4; batch++) {
            List<EmailEvent> events = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                int n = batch * 10_000 + i;
                events.add(Normaliser.normalise(LogType.URL, "{\"userEmailAddress\":\"u" + n + "@a.example\",\"subject\":\""
                        + subject + "\",\"url\":\"https://x.example/" + n + "\",\"action\":\"allow\",\"scanResult\":\"clean\","
                        + "\"date\":\"" + dayStart.plusSeconds(n).toString().replace("Z", "+0000") + "\"}", ctx, ordinals));
            }
            version = lake.commit(A, events, version, cursorAt(dayStart.plusSeconds((batch + 1) * 10_000L))).version();
        }

        EmbeddedLake.ExportResult r = lake.export(dir.resolve("export"), null, null, null, true);

        assertThat(r.rows()).isEqualTo(40_000);
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var s = c.createStatement();
             var rs = s.executeQuery("select count(*), count(distinct event_uid), min(length(ocsf)) from read_parquet('"
                     + dir.resolve("export") + "/**/*.parquet')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(40_000);
            assertThat(rs.getLong(2)).isEqualTo(40_000);
            assertThat(rs.getLong(3)).isGreaterThan(4_000);
        }
    }

    @Test
    void emailEventsHasTheColumnsAndTypesOfTheDesignsContractInItsOrder() {
        lake.commit(A, clicks(A, 3, T0, "alice@a.example"), 0, cursorAt(T0.plusSeconds(3)));
        QueryResult r = lake.queryEngine().query("describe email_events", Set.of("tenant-a"), 100, Duration.ofSeconds(10));
        List<String> described = r.rows().stream().map(row -> row.get(0) + " " + row.get(1)).toList();
        assertThat(described).containsExactly("event_uid VARCHAR", "time TIMESTAMP", "ingested_at TIMESTAMP", "tenant_id VARCHAR",
                "integration_id VARCHAR", "log_type VARCHAR", "class_uid INTEGER", "activity_id INTEGER", "action_id INTEGER",
                "disposition_id INTEGER", "severity_id INTEGER", "direction VARCHAR", "sender VARCHAR", "recipient VARCHAR",
                "subject VARCHAR", "message_id VARCHAR", "url VARCHAR", "file_name VARCHAR", "file_type VARCHAR",
                "file_sha256 VARCHAR", "src_ip VARCHAR", "verdict VARCHAR", "action VARCHAR", "policy VARCHAR", "ocsf JSON",
                "raw VARCHAR");
    }

    @Test
    void anEmptyLakeAnswersQueriesWithNoRows() {
        QueryResult r = lake.queryEngine().query("select log_type, count(*) from email_events group by 1", Set.of("t"), 10, Duration.ofSeconds(5));
        assertThat(r.rows()).isEmpty();
        assertThat(r.columns()).extracting(QueryResult.Column::name).containsExactly("log_type", "count_star()");
    }

    @Test
    void refusesWritesFileAndNetworkAccessAndSettingChanges() {
        lake.commit(A, clicks(A, 3, T0, "alice@a.example"), 0, cursorAt(T0.plusSeconds(3)));
        String otherTenantFile = null;
        lake.commit(B, clicks(B, 3, T0, "bob@b.example"), 0, cursorAt(T0.plusSeconds(3)));
        for (Path p : parquetFiles()) if (p.toString().contains("tenant-b")) otherTenantFile = p.toString();
        QueryEngine q = lake.queryEngine();
        Set<String> a = Set.of("tenant-a");
        String[][] cases = {
                {"delete from email_events", "read_only"},
                {"create table x as select 1", "read_only"},
                {"insert into email_events select * from email_events", "read_only"},
                {"copy (select 1) to '/tmp/x.csv'", "read_only"},
                {"attach '/tmp/x.db'", "read_only"},
                {"install httpfs", "read_only"},
                {"load httpfs", "read_only"},
                {"set enable_external_access = true", "read_only"},
                {"pragma enable_profiling", "read_only"},
                {"select 1; select 2", "invalid_query"},
                {"selec 1", "invalid_query"},
                {"select * from read_text('/etc/passwd')", "forbidden"},
                {"select * from read_csv('/etc/passwd')", "forbidden"},
                {"select count(*) from read_parquet('" + otherTenantFile + "')", "forbidden"},
                {"select count(*) from read_parquet('" + dir.resolve("lake") + "/**/*.parquet')", "forbidden"},
                {"select * from glob('/*')", "forbidden"},
                {"select * from read_json('https://example.com/x.json')", "forbidden"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> q.query(c[0], a, 10, Duration.ofSeconds(5))).as(c[0])
                    .isInstanceOfSatisfying(QueryException.class, e -> {
                        assertThat(e.code()).as(c[0] + ": " + e.getMessage()).isEqualTo(c[1]);
                        assertThat(e.getMessage()).as("where the lake lies is not told").doesNotContain(dir.resolve("lake").toAbsolutePath().toString());
                    });
        }
    }

    @Test
    void stopsAQueryThatRunsPastItsTimeout() {
        assertThatThrownBy(() -> lake.queryEngine().query("select count(*) from range(100000000000) a", Set.of(), 10, Duration.ofMillis(300)))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo("timeout"));
    }

    @Test
    void limitsTheRowsReturned() {
        QueryResult r = lake.queryEngine().query("select * from range(100)", Set.of(), 10, Duration.ofSeconds(5));
        assertThat(r.rows()).hasSize(10);
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void compactionMergesAStreamsSmallFilesWithoutChangingWhatQueriesSee() {
        Instant t = T0;
        long version = 0;
        for (int i = 0; i < 9; i++) {
            version = lake.commit(A, clicks(A, 10, t, "r" + i + "@example.com"), version, cursorAt(t.plusSeconds(10))).version();
            t = t.plusSeconds(10);
        }
        QueryEngine q = lake.queryEngine();
        List<List<Object>> before = q.query("select event_uid from email_events order by 1", QueryScope.all(), 1000, Duration.ofSeconds(5)).rows();

        assertThat(lake.compact()).isEqualTo(1);

        assertThat(q.query("select event_uid from email_events order by 1", QueryScope.all(), 1000, Duration.ofSeconds(5)).rows()).isEqualTo(before);
        assertThat(lake.landedUids(A, T0, t).size()).isEqualTo(90);
    }

    @Test
    void removesOldUnregisteredFilesLeftByACrashButNotRegisteredOnes() throws Exception {
        lake.commit(A, clicks(A, 3, T0, "a@example.com"), 0, cursorAt(T0.plusSeconds(3)));
        Path debris = dir.resolve("lake/email_events/tenant_id=tenant-a/log_type=url/day=2026-10-05/part-crashed.parquet");
        Files.writeString(debris, "half written");
        Files.setLastModifiedTime(debris, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        assertThat(lake.collectDebris()).isEqualTo(1);
        assertThat(debris).doesNotExist();
        assertThat(parquetFiles()).hasSize(1);
    }

    private List<Path> parquetFiles() {
        try (var walk = Files.walk(dir.resolve("lake/email_events"))) {
            return walk.filter(p -> p.toString().endsWith(".parquet")).toList();
        } catch (Exception e) {
            return List.of();
        }
    }
}
