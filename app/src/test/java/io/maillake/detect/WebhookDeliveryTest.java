package io.maillake.detect;

import static io.maillake.detect.BuiltInRulesTest.malicious;
import static io.maillake.detect.BuiltInRulesTest.user;
import static io.maillake.detect.DetectFixture.attachment;
import static io.maillake.detect.DetectFixture.click;
import static io.maillake.detect.DetectFixture.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maillake.notify.OutboxDrain;
import io.maillake.notify.WebhookDraft;
import io.maillake.notify.WebhookLoop;
import io.maillake.notify.WebhookUrlPolicy;
import io.maillake.testing.TestClock;
import io.maillake.testing.WebhookReceiver;
import io.maillake.testing.WebhookReceiver.Received;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Webhook notifications from the detection engine's commit to a real HTTP receiver: queued with
 * their detection, posted signed, retried with backoff, capped, resumed after a restart, and a
 * receiver that is down delays only its own tenant.
 */
class WebhookDeliveryTest {
    static final String SECRET = "s3cret-shared-with-the-receiver";
    static final Map<String, String> ENV = Map.of(WebhookUrlPolicy.ALLOW_LOOPBACK_ENV, "true");

    @TempDir Path dir;
    TestClock clock;
    WebhookReceiver receiver;

    @BeforeEach
    void start() {
        clock = new TestClock(DetectFixture.T0.plus(Duration.ofDays(1)));
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    DetectFixture fixture() {
        return new DetectFixture(dir, clock, ENV);
    }

    void configure(DetectFixture f, String tenant, WebhookReceiver to, String minSeverity) {
        f.app.webhooks().save(tenant, new WebhookDraft(to.url("/hooks/maillake?token=abc"), SECRET, null, minSeverity, true));
    }

    static OutboxDrain.Summary drain(DetectFixture f) throws InterruptedException {
        return f.app.webhookDelivery().drainOnce();
    }

    static JsonNode json(Received r) {
        return DetectFixture.JSON.readTree(r.text());
    }

    @Test
    void aNewDetectionIsPostedOnceSignedWithItsTenantsSecret() throws Exception {
        try (DetectFixture f = fixture()) {
            configure(f, f.tenant, receiver, "high");
            String uid = f.land(malicious(click(user(1), "http://bad.test/1", 0))).getFirst();
            assertThat(f.detect().newDetections()).isEqualTo(1);
            Detection d = f.detections("url-malicious-click-allowed").getFirst();

            assertThat(drain(f).delivered()).isEqualTo(1);
            assertThat(receiver.received()).hasSize(1);
            Received r = receiver.received().getFirst();
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/hooks/maillake");
            assertThat(r.query()).isEqualTo("token=abc");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.header("X-Maillake-Event")).isEqualTo("detection.created");
            assertThat(r.header("X-Maillake-Delivery")).isEqualTo(d.detectionUid());
            assertThat(r.header("X-Maillake-Attempt")).isEqualTo("1");
            assertThat(r.header("X-Maillake-Timestamp")).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
            assertThat(r.signedWith(SECRET)).as("signature " + r.header("X-Maillake-Signature")).isTrue();
            assertThat(r.signedWith(SECRET + "x")).isFalse();

            JsonNode body = json(r);
            assertThat(body.get("event").asString()).isEqualTo("detection.created");
            assertThat(body.get("delivery_id").asString()).isEqualTo(d.detectionUid());
            assertThat(body.get("detection_uid").asString()).isEqualTo(d.detectionUid());
            assertThat(body.get("tenant_id").asString()).isEqualTo(f.tenant);
            assertThat(body.get("rule_id").asString()).isEqualTo("url-malicious-click-allowed");
            assertThat(body.get("title").asString()).isEqualTo(d.title()).contains(user(1));
            assertThat(body.get("severity").asString()).isEqualTo("high");
            assertThat(body.get("mitre").toString()).isEqualTo("[\"T1566.002\",\"T1204.001\"]");
            assertThat(body.get("status").asString()).isEqualTo("new");
            assertThat(body.get("first_seen").asString()).isEqualTo(d.firstSeen().toString());
            assertThat(body.get("last_seen").asString()).isEqualTo(d.lastSeen().toString());
            assertThat(body.get("event_count").asLong()).isEqualTo(1);
            assertThat(body.get("event_uids").toString()).isEqualTo("[\"" + uid + "\"]");
            assertThat(body.get("event_uids_truncated").asBoolean()).isFalse();
            assertThat(body.get("link").asString()).isEqualTo("/t/" + f.tenant + "/detections/" + d.detectionUid());
            assertThat(body.get("api").asString()).isEqualTo("/api/v1/detections/" + d.detectionUid());

            // sent once: another pass, and more evidence joining the detection, send nothing more
            assertThat(drain(f).attempts()).isZero();
            f.land(malicious(click(user(1), "http://bad.test/1", 5)));
            assertThat(f.detect().updatedDetections()).isEqualTo(1);
            assertThat(drain(f).attempts()).isZero();
            assertThat(receiver.received()).hasSize(1);
            var hook = f.app.webhooks().get(f.tenant).orElseThrow();
            assertThat(hook.delivered()).isEqualTo(1);
            assertThat(hook.pending()).isZero();
            assertThat(hook.last().outcome()).isEqualTo(Outbox.Outcome.DELIVERED);
            assertThat(hook.last().httpStatus()).isEqualTo(200);
        }
    }

    @Test
    void aReceiverThatFailsGetsTheSameNotificationAgainAfterTheBackoffAndItIsDeliveredOnce() throws Exception {
        try (DetectFixture f = fixture()) {
            configure(f, f.tenant, receiver, "high");
            receiver.answer(500);
            f.land(malicious(click(user(1), "http://bad.test/1", 0)));
            f.detect();

            assertThat(drain(f)).isEqualTo(new OutboxDrain.Summary(0, 1, 0));
            assertThat(drain(f).attempts()).as("not again before the backoff").isZero();
            clock.advance(Duration.ofSeconds(4));
            assertThat(drain(f).attempts()).as("the first wait is at least 5 s").isZero();
            clock.advance(Duration.ofSeconds(7));
            assertThat(drain(f)).isEqualTo(new OutboxDrain.Summary(1, 0, 0));
            clock.advance(Duration.ofHours(2));
            assertThat(drain(f).attempts()).isZero();

            List<Received> got = receiver.received();
            assertThat(got).hasSize(2);
            assertThat(got).extracting(r -> r.header("X-Maillake-Delivery")).containsOnly(got.getFirst().header("X-Maillake-Delivery"));
            assertThat(got).extracting(r -> r.header("X-Maillake-Attempt")).containsExactly("1", "2");
            assertThat(got.get(1).text()).isEqualTo(got.get(0).text());
            assertThat(got).allMatch(r -> r.signedWith(SECRET));
            assertThat(got.get(1).header("X-Maillake-Timestamp")).isNotEqualTo(got.get(0).header("X-Maillake-Timestamp"));
            Outbox.Entry entry = f.app.webhooks().deliveries(f.tenant, 10).getFirst();
            assertThat(entry.status()).isEqualTo(Outbox.Status.DELIVERED);
            assertThat(entry.attempts()).isEqualTo(2);
        }
    }

    @Test
    void aDetectionCommittedJustBeforeACrashIsDeliveredAfterTheRestart() throws Exception {
        String uid;
        try (DetectFixture f = fixture()) {
            configure(f, f.tenant, receiver, "high");
            f.land(malicious(click(user(1), "http://bad.test/1", 0)));
            f.detect();
            uid = f.detections("url-malicious-click-allowed").getFirst().detectionUid();
            // the process ends here, before any sender ran
        }
        assertThat(receiver.received()).isEmpty();
        try (DetectFixture f = fixture()) {
            assertThat(f.app.webhooks().get(f.tenant).orElseThrow().pending()).isEqualTo(1);
            assertThat(drain(f).delivered()).isEqualTo(1);
        }
        assertThat(receiver.received()).extracting(r -> r.header("X-Maillake-Delivery")).containsExactly(uid);
    }

    @Test
    void aNotificationCommitsWithItsDetectionOrNotAtAll() throws Exception {
        try (DetectFixture f = fixture(); Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("detections.db"))) {
            configure(f, f.tenant, receiver, "high");
            f.land(malicious(click(user(1), "http://bad.test/1", 0)));
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA busy_timeout = 30000");
                s.execute("CREATE TRIGGER refuse_notification BEFORE INSERT ON webhook_outbox BEGIN SELECT RAISE(ABORT, 'injected'); END");
            }
            assertThatThrownBy(f::detect).hasMessageContaining("injected");
            assertThat(f.all()).as("no detection stored without its notification").isEmpty();
            try (Statement s = db.createStatement()) {
                s.execute("DROP TRIGGER refuse_notification");
                s.execute("CREATE TRIGGER refuse_cursor BEFORE UPDATE ON engine_cursor BEGIN SELECT RAISE(ABORT, 'injected'); END");
            }
            assertThatThrownBy(f::detect).hasMessageContaining("injected");
            assertThat(f.app.webhooks().get(f.tenant).orElseThrow().pending()).as("no notification without its detection").isZero();
            try (Statement s = db.createStatement()) {
                s.execute("DROP TRIGGER refuse_cursor");
            }
            assertThat(f.detect().newDetections()).isEqualTo(1);
            assertThat(f.app.webhooks().get(f.tenant).orElseThrow().pending()).isEqualTo(1);
        }
    }

    @Test
    void serveSendsNotificationsAsTheyAreQueued() throws Exception {
        try (DetectFixture f = fixture(); WebhookLoop loop = new WebhookLoop(f.app.webhookDelivery()).start()) {
            configure(f, f.tenant, receiver, "high");
            f.land(malicious(click(user(1), "http://bad.test/1", 0)));
            f.detect();
            assertThat(receiver.await(1, Duration.ofSeconds(20))).isTrue();
        }
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void onlyDetectionsAsSevereAsTheTenantAsksAreQueuedAndNoneWhileItsWebhookIsDisabled() throws Exception {
        try (DetectFixture f = fixture()) {
            configure(f, f.tenant, receiver, "high");
            f.land(attachment(user(1), sha(1), 0).put("result", "timeout").put("actionTriggered", "user release, none"));
            f.detect();
            assertThat(f.detections("attachment-unscanned-delivered")).singleElement().extracting(Detection::severity).isEqualTo(Severity.MEDIUM);
            assertThat(drain(f).attempts()).isZero();

            f.land(malicious(click(user(2), "http://bad.test/2", 1)));
            f.detect();
            f.app.webhooks().save(f.tenant, new WebhookDraft(receiver.url("/hooks/maillake"), null, null, "medium", false));
            assertThat(f.app.webhooks().get(f.tenant).orElseThrow().pending()).as("disabling discards what was not sent").isZero();
            f.land(malicious(click(user(3), "http://bad.test/3", 2)));
            f.detect();
            assertThat(drain(f).attempts()).isZero();

            f.app.webhooks().save(f.tenant, new WebhookDraft(receiver.url("/hooks/maillake"), null, null, "medium", true));
            f.land(attachment(user(4), sha(4), 3).put("result", "timeout").put("actionTriggered", "user release, none"));
            f.detect();
            assertThat(drain(f).delivered()).isEqualTo(1);
            assertThat(json(receiver.received().getFirst()).get("rule_id").asString()).isEqualTo("attachment-unscanned-delivered");
            assertThat(receiver.received().getFirst().signedWith(SECRET)).as("a secret left out is kept").isTrue();
        }
    }

    @Test
    void aRefusedNotificationFailsAtOnceAndRetryFailedSendsItAgain() throws Exception {
        try (DetectFixture f = fixture()) {
            configure(f, f.tenant, receiver, "high");
            receiver.answer(404);
            f.land(malicious(click(user(1), "http://bad.test/1", 0)));
            f.detect();
            assertThat(drain(f)).isEqualTo(new OutboxDrain.Summary(0, 0, 1));
            clock.advance(Duration.ofHours(5));
            assertThat(drain(f).attempts()).isZero();
            var hook = f.app.webhooks().get(f.tenant).orElseThrow();
            assertThat(hook.failed()).isEqualTo(1);
            assertThat(hook.last().httpStatus()).isEqualTo(404);
            assertThat(hook.last().error()).contains("HTTP 404").contains("not retried").doesNotContain("token=abc").doesNotContain("127.0.0.1");

            assertThat(f.app.webhooks().retryFailed(f.tenant)).isEqualTo(1);
            assertThat(drain(f).delivered()).isEqualTo(1);
            assertThat(receiver.received()).hasSize(2);
        }
    }

    @Test
    void logLinesNameTheReceiverByItsHostAloneAndNeverTheSecret() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (DetectFixture f = fixture()) {
            configure(f, f.tenant, receiver, "high");
            receiver.answer(500, 404);
            f.land(malicious(click(user(1), "http://bad.test/1", 0)));
            f.detect();
            drain(f);
            clock.advance(Duration.ofMinutes(1));
            drain(f);
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        String origin = receiver.url("");
        assertThat(log).contains("to " + origin + " failed (attempt 1): the receiver answered HTTP 500")
                .contains("to " + origin + " failed for good (attempt 2)");
        assertThat(log).doesNotContain("token=abc").doesNotContain("/hooks/maillake").doesNotContain(SECRET);
    }

    @Test
    void aNotificationIsGivenUpAfterTwelveAttempts() throws Exception {
        try (DetectFixture f = fixture()) {
            configure(f, f.tenant, receiver, "high");
            receiver.otherwise(503);
            f.land(malicious(click(user(1), "http://bad.test/1", 0)));
            f.detect();
            for (int i = 0; i < 20; i++) {
                drain(f);
                clock.advance(Duration.ofHours(1));
            }
            assertThat(receiver.received()).hasSize(12);
            Outbox.Entry entry = f.app.webhooks().deliveries(f.tenant, 10).getFirst();
            assertThat(entry.status()).isEqualTo(Outbox.Status.FAILED);
            assertThat(entry.attempts()).isEqualTo(12);
            assertThat(entry.lastError()).contains("HTTP 503").contains("gave up after 12 attempts");
        }
    }

    @Test
    void aTenantWhoseReceiverIsDownDelaysOnlyItsOwnNotifications() throws Exception {
        try (DetectFixture f = fixture(); WebhookReceiver bravoReceiver = WebhookReceiver.start()) {
            String bravo = f.app.store().createTenant("Bravo").id();
            configure(f, f.tenant, receiver, "high");
            configure(f, bravo, bravoReceiver, "high");
            receiver.otherwise(503);
            f.land(malicious(click(user(1), "http://bad.test/1", 0)), malicious(click(user(2), "http://bad.test/2", 0)));
            f.land(bravo, malicious(click("bob@bravo.example", "http://bad.test/3", 0)));
            f.detect();

            assertThat(drain(f)).isEqualTo(new OutboxDrain.Summary(1, 1, 0));
            assertThat(receiver.received()).as("one request to the failing receiver, not one per notification").hasSize(1);
            assertThat(bravoReceiver.received()).hasSize(1);
            assertThat(json(bravoReceiver.received().getFirst()).get("tenant_id").asString()).isEqualTo(bravo);
            List<Outbox.Entry> waiting = f.app.webhooks().deliveries(f.tenant, 10);
            assertThat(waiting).hasSize(2).allMatch(e -> e.status() == Outbox.Status.PENDING);
            Instant retry = waiting.stream().filter(e -> e.attempts() == 1).findFirst().orElseThrow().nextAttemptAt();
            assertThat(waiting).allMatch(e -> !e.nextAttemptAt().isBefore(retry));
        }
    }

    @Test
    void aNotificationLeasedByOneSenderIsLeftAloneByAnotherUntilTheLeaseEnds() {
        try (DetectFixture f = fixture(); DetectionStore store = new DetectionStore(dir.resolve("detections.db"), clock)) {
            configure(f, f.tenant, receiver, "high");
            f.land(malicious(click(user(1), "http://bad.test/1", 0)));
            f.detect();
            Outbox outbox = store.outbox();
            Instant now = clock.instant();
            Outbox.Notification n = outbox.due(now, 10, 10).getFirst();
            assertThat(outbox.lease(n.id(), now, now.plusSeconds(120))).isTrue();
            assertThat(outbox.due(now, 10, 10)).isEmpty();
            assertThat(outbox.lease(n.id(), now.plusSeconds(60), now.plusSeconds(180))).isFalse();
            assertThat(outbox.lease(n.id(), now.plusSeconds(120), now.plusSeconds(240))).as("a lease whose sender died expires").isTrue();
        }
    }
}
