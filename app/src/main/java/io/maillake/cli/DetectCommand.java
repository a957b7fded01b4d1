package io.maillake.cli;

import io.maillake.Maillake;
import io.maillake.detect.DetectionEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maillake detect --once}: evaluate every enabled rule over the events not evaluated yet. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Evaluate every enabled detection rule over the events that landed since the last evaluation, "
                + "then print what was found. Running it again with no new events changes nothing.")
final class DetectCommand extends AppCommand {
    @Option(names = "--once", required = true, description = "Evaluate until caught up, then exit (`serve` evaluates continuously).")
    boolean once;

    @Option(names = "--chunk-files", defaultValue = "" + DetectionEngine.DEFAULT_CHUNK_FILES, paramLabel = "N",
            description = "Lake files evaluated and committed per step (default: ${DEFAULT-VALUE}).")
    int chunkFiles;

    @Override
    Integer run(Maillake app) {
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
        out().flush();
        err().flush();
        return report.failures().isEmpty() ? 0 : Errors.FAILED;
    }
}
