package io.maillake.notify;

import io.maillake.detect.Outbox;
import io.maillake.detect.Outbox.Attempt;
import io.maillake.detect.Outbox.Notification;
import io.maillake.detect.Outbox.Outcome;
import io.maillake.detect.StoredWebhook;
import io.maillake.detect.WebhookStore;
import io.maillake.store.secrets.SecretBox;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds. One pass tries every due notification once: the tenants in parallel
 * (a slow receiver delays only its own tenant), each tenant's in the order they were queued. After a
 * failure the tenant's other notifications wait for its retry (see {@link Outbox#record}), so a
 * receiver that is down gets one request per step of backoff, not one per notification.
 *
 * <p>{@code serve} runs passes continuously ({@link WebhookLoop}); {@code detect --once} runs one.
 * A notification is leased for its attempt, so two processes never send it together; a process
 * killed mid-attempt leaves the lease to expire and the notification is sent again later.
 */
public final class OutboxDrain {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDrain.class);
    /** Held per attempt: well over one attempt (5 s to connect, 10 s to answer), so a lease outlives its sender only if the sender died. */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** Per tenant per pass: a backlog goes out over a few passes, and other tenants' new notifications do not wait behind it. */
    static final int PER_TENANT = 20;
    static final int PER_PASS = 1_000;
    /** Delivered notifications stay listed this long; failed ones longer, for an administrator to see and retry. */
    static final Duration KEEP_DELIVERED = Duration.ofDays(7);
    static final Duration KEEP_FAILED = Duration.ofDays(30);

    private final WebhookStore webhooks;
    private final Outbox outbox;
    private final SecretBox secrets;
    private final WebhookUrlPolicy policy;
    private final Supplier<WebhookSender> sender;
    private final Clock clock;
    private final RandomGenerator random;

    public OutboxDrain(WebhookStore webhooks, Outbox outbox, SecretBox secrets, WebhookUrlPolicy policy, Supplier<WebhookSender> sender,
                       Clock clock, RandomGenerator random) {
        this.webhooks = webhooks;
        this.outbox = outbox;
        this.secrets = secrets;
        this.policy = policy;
        this.sender = sender;
        this.clock = clock;
        this.random = random;
    }

    /** What a pass did: attempts by outcome. */
    public record Summary(int delivered, int retrying, int failed) {
        public int attempts() {
            return delivered + retrying + failed;
        }
    }

    /**
     * Tries every notification due now once.
     *
     * @throws InterruptedException if interrupted (the attempts under way are left to their leases)
     */
    public Summary drainOnce() throws InterruptedException {
        List<Notification> due = outbox.due(clock.instant(), PER_TENANT, PER_PASS);
        if (due.isEmpty()) return new Summary(0, 0, 0);
        Map<String, List<Notification>> byTenant = new LinkedHashMap<>();
        for (Notification n : due) byTenant.computeIfAbsent(n.tenantId(), k -> new ArrayList<>()).add(n);
        Map<Outcome, AtomicInteger> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) counts.put(o, new AtomicInteger());
        try (ExecutorService tenants = Executors.newVirtualThreadPerTaskExecutor()) {
            for (List<Notification> queue : byTenant.values()) tenants.submit(() -> deliverInOrder(queue, counts));
        }
        if (Thread.currentThread().isInterrupted()) throw new InterruptedException();
        return new Summary(counts.get(Outcome.DELIVERED).get(), counts.get(Outcome.RETRYING).get(), counts.get(Outcome.FAILED).get());
    }

    /** Forgets notifications delivered or failed long ago. */
    public int purge() {
        Instant now = clock.instant();
        return outbox.purge(now.minus(KEEP_DELIVERED), now.minus(KEEP_FAILED));
    }

    private void deliverInOrder(List<Notification> queue, Map<Outcome, AtomicInteger> counts) {
        for (Notification n : queue) {
            Outcome outcome;
            try {
                outcome = deliver(n);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (outcome == null) continue;
            counts.get(outcome).incrementAndGet();
            if (outcome != Outcome.DELIVERED) return; // the rest wait for the retry, or the next pass
        }
    }

    /** @return how the attempt ended; null when there was nothing to send (another sender has it, or the webhook is gone) */
    private Outcome deliver(Notification n) throws InterruptedException {
        Instant now = clock.instant();
        if (!outbox.lease(n.id(), now, now.plus(LEASE))) return null;
        StoredWebhook hook = webhooks.get(n.tenantId()).orElse(null);
        if (hook == null || !hook.enabled()) return null; // removed or disabled since: its pending notifications went with it
        Attempt attempt;
        try {
            attempt = attempt(n, hook);
        } catch (InterruptedException e) {
            outbox.release(n.id()); // stopping: the next run sends it without waiting for the lease
            throw e;
        }
        outbox.record(n, attempt);
        log(n, hook, attempt);
        return attempt.outcome();
    }

    private Attempt attempt(Notification n, StoredWebhook hook) throws InterruptedException {
        Webhooks.Target target = Webhooks.target(hook, policy, secrets);
        if (target.problem() != null) return new Attempt(clock.instant(), Outcome.FAILED, null, target.problem(), null);
        WebhookSender.Result result = sender.get().send(target.uri(), target.secret(), n.event(), n.deliveryId(), n.attempts() + 1,
                n.body());
        Instant at = clock.instant();
        return switch (result) {
            case WebhookSender.Result.Delivered d -> new Attempt(at, Outcome.DELIVERED, d.status(), null, null);
            case WebhookSender.Result.Failed f -> RetrySchedule.next(n.attempts() + 1, f.retriable(), f.retryAfter(), random)
                    .map(wait -> new Attempt(at, Outcome.RETRYING, f.status(), f.error(), at.plus(wait)))
                    .orElseGet(() -> new Attempt(at, Outcome.FAILED, f.status(),
                            f.retriable() ? f.error() + "; gave up after " + RetrySchedule.MAX_ATTEMPTS + " attempts" : f.error(), null));
        };
    }

    private static void log(Notification n, StoredWebhook hook, Attempt a) {
        String to = WebhookUrlPolicy.redacted(URI.create(hook.url()));
        switch (a.outcome()) {
            case DELIVERED -> LOG.debug("webhook of tenant {}: {} {} delivered to {}", n.tenantId(), n.event().id(), n.deliveryId(), to);
            case RETRYING -> LOG.warn("webhook of tenant {}: {} {} to {} failed (attempt {}): {}; trying again at {}", n.tenantId(),
                    n.event().id(), n.deliveryId(), to, n.attempts() + 1, a.error(), a.nextAttempt());
            case FAILED -> LOG.warn("webhook of tenant {}: {} {} to {} failed for good (attempt {}): {}", n.tenantId(), n.event().id(),
                    n.deliveryId(), to, n.attempts() + 1, a.error());
        }
    }
}
