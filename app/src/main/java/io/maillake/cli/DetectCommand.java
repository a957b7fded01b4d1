package io.maillake.cli;

import io.maillake.Maillake;
import io.maillake.detect.DetectionEngine;
import io.maillake.notify.OutboxDrain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code maillake detect --once}: evaluate every enabled rule over the events not evaluated yet, then
 * send the webhook notifications that are due (new ones, and earlier ones whose retry time came), once
 * each: a run from cron delivers as {@code serve} does, and what fails is retried by the next run.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Evaluate every enabled detection rule over the events that landed since the last evaluation, "
                + "print what was found, and send the tenants' webhook notifications that are due. "
                + "Running it again with no new events changes nothing.")
final class DetectCommand extends AppCommand {
    @Option(names = "--once", required = true, description = "Evaluate until caught up, then exit (`serve` evaluates continuously).")
    boolean once;

    @Option(names = "--chunk-files", defaultValue = "" + DetectionEngine.DEFAULT_CHUNK_FILES, paramLabel = "N",
            description = "Lake files evaluated and committed per step (default: ${DEFAULT-VALUE}).")
    int chunkFiles;

    @Override
    Integer run(Maillake app) throws InterruptedException {
        long start = System.nanoTime();
        DetectionEngine.Report report = app.detectionEngine(Math.max(1, chunkFiles)).runUntilCaughtUp(Duration.ofDays(365), step -> {
            err().println("  lake files " + step.fromSeq() + ".." + step.toSeq() + ": " + step.result().newDetections() + " new, "
                    + step.result().updatedDetections() + " updated detections");
            err().flush();
        });
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Integer> e : report.evidenceByRule().entrySet()) {
            if (e.getValue() > 0) rows.add(List.of(e.getKey(), Integer.toString(e.getValue())));
        }
        if (!rows.isEmpty()) Tables.print(out(), List.of("RULE", "EVIDENCE EVENTS FOUND"), rows, 80);
        out().println(report.newDetections() + " new detections, " + report.updatedDetections() + " updated, "
                + report.evidence() + " evidence events stored; lake files evaluated up to " + report.cursor()
                + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
        for (String f : report.failures()) err().println("maillake: rule set aside for these events: " + f);
        sendNotifications(app);
        out().flush();
        err().flush();
        return report.failures().isEmpty() ? 0 : Errors.FAILED;
    }

    /** One pass over the webhook outbox; a failed delivery is reported but is not this command's failure (it is retried). */
    private void sendNotifications(Maillake app) throws InterruptedException {
        OutboxDrain drain = app.webhookDelivery();
        OutboxDrain.Summary sent = drain.drainOnce();
        drain.purge();
        if (sent.attempts() == 0) return;
        out().println("webhook notifications: " + sent.delivered() + " delivered, " + sent.retrying() + " to retry, " + sent.failed() + " failed");
        if (sent.retrying() > 0) {
            err().println("maillake: " + sent.retrying() + " webhook notification" + (sent.retrying() == 1 ? "" : "s") + " not delivered yet; "
                    + "the next detect --once or serve retries " + (sent.retrying() == 1 ? "it" : "them") + " (the console's Webhook page says why)");
        }
        if (sent.failed() > 0) {
            err().println("maillake: " + sent.failed() + " webhook notification" + (sent.failed() == 1 ? "" : "s") + " failed for good; "
                    + "the console's Webhook page says why and can retry");
        }
    }
}
