package io.maillake.bench;

import io.maillake.Maillake;
import io.maillake.detect.Detection;
import io.maillake.detect.DetectionEngine;
import io.maillake.detect.DetectionFilter;
import io.maillake.domain.EmailEvent;
import io.maillake.domain.MyNetworks;
import io.maillake.simulator.LogType;
import io.maillake.simulator.PlantedPattern;
import io.maillake.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Precision and recall of every built-in rule against the simulator's planted patterns. The lake is
 * built from the simulator's ground truth, so the pattern of every event is known; the background
 * mix never shows a pattern's combination, so an event is a true positive of a rule exactly when it
 * carries one of the patterns the rule is for.
 *
 * <ul>
 *   <li>precision = evidence events of the rule that carry one of its patterns / all its evidence events</li>
 *   <li>recall = planted events of its patterns that are evidence of the rule / planted events that can be found:
 *       a campaign's events count where the campaign reached the rule's threshold (5 recipients within its hour),
 *       a pair's events where both halves are inside the simulated span</li>
 * </ul>
 *
 * <pre>bench/run detect-quality [hours] [events-per-minute] [seed]</pre>
 */
public final class DetectQualityBench {
    /** What each built-in rule is for. */
    static final Map<String, Set<PlantedPattern>> EXPECTED = Map.ofEntries(
            Map.entry("url-malicious-click-allowed", EnumSet.of(PlantedPattern.MALICIOUS_CLICK_ALLOWED, PlantedPattern.MALICIOUS_CLICK_WARN_CONTINUED)),
            Map.entry("url-admin-override", EnumSet.of(PlantedPattern.ADMIN_OVERRIDE)),
            Map.entry("attachment-malicious-delivered", EnumSet.of(PlantedPattern.MALICIOUS_ATTACHMENT_RELEASED)),
            Map.entry("attachment-unscanned-delivered", EnumSet.of(PlantedPattern.SANDBOX_UNSCANNED_RELEASED)),
            Map.entry("impersonation-malicious-delivered", EnumSet.of(PlantedPattern.IMPERSONATION_DELIVERED)),
            Map.entry("campaign-url", EnumSet.of(PlantedPattern.URL_CAMPAIGN)),
            Map.entry("campaign-file-hash", EnumSet.of(PlantedPattern.ATTACHMENT_CAMPAIGN)),
            Map.entry("campaign-sender-domain", EnumSet.of(PlantedPattern.SENDER_DOMAIN_CAMPAIGN)),
            Map.entry("internal-route-malicious", EnumSet.of(PlantedPattern.INTERNAL_MALICIOUS_URL, PlantedPattern.INTERNAL_MALICIOUS_ATTACHMENT)),
            Map.entry("lookalike-sender-domain", EnumSet.of(PlantedPattern.LOOKALIKE_SENDER)),
            Map.entry("impersonation-then-click", EnumSet.of(PlantedPattern.IMPERSONATION_THEN_CLICK)));
    static final int CAMPAIGN_RECIPIENTS = 5;

    public static void main(String[] args) throws Exception {
        int hours = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        double perMinute = args.length > 1 ? Double.parseDouble(args[1]) : 600;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 17;
        Instant now = Instant.parse("2026-10-01T00:00:00Z");
        Instant start = now.minus(Duration.ofHours(hours));
        SimulatorConfig config = SimulatorConfig.builder().port(0).seed(seed).history(Duration.ofHours(hours)).duplicateRate(0.02)
                .lateFraction(0).eventsPerMinute(LogType.URL, perMinute * 0.6).eventsPerMinute(LogType.ATTACHMENT, perMinute * 0.25)
                .eventsPerMinute(LogType.IMPERSONATION, perMinute * 0.15).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        Path dir = Files.createTempDirectory("maillake-detect-quality");
        Map<String, PlantedPattern> patternOf = new HashMap<>();
        Map<String, List<EmailEvent>> campaigns = new HashMap<>(); // pattern|key|hour -> events
        Set<String> unreachable = new HashSet<>();
        try (Maillake app = Maillake.open(dir, Map.of(), Clock.systemUTC())) {
            long total = SimulatedLake.build(app, config, now, 5_000, (e, p) -> {
                if (p == null) return;
                patternOf.put(e.eventUid(), p);
                String key = switch (p) {
                    case URL_CAMPAIGN -> e.url();
                    case ATTACHMENT_CAMPAIGN -> e.fileSha256();
                    case SENDER_DOMAIN_CAMPAIGN -> MyNetworks.domainOf(e.sender());
                    default -> null;
                };
                if (key != null) campaigns.computeIfAbsent(p + "|" + key + "|" + e.time().getEpochSecond() / 3600, k -> new ArrayList<>()).add(e);
                if (p == PlantedPattern.IMPERSONATION_THEN_CLICK) {
                    // the other half lies CLICK_DELAY_SECONDS later (message) or earlier (click)
                    boolean message = e.logType() == io.maillake.mimecast.LogType.IMPERSONATION;
                    Instant other = e.time().plusSeconds(message ? PlantedPattern.CLICK_DELAY_SECONDS : -PlantedPattern.CLICK_DELAY_SECONDS);
                    if (other.isBefore(start) || !other.isBefore(now)) unreachable.add(e.eventUid());
                }
            });
            for (List<EmailEvent> c : campaigns.values()) {
                if (c.stream().map(EmailEvent::recipient).distinct().count() < CAMPAIGN_RECIPIENTS) c.forEach(e -> unreachable.add(e.eventUid()));
            }
            System.out.printf("lake: %,d events over %d h, %,d carry a planted pattern (%,d of them below a rule's threshold or "
                    + "missing their other half)%n", total, hours, patternOf.size(), unreachable.size());
            long t0 = System.nanoTime();
            DetectionEngine.Report report = app.detectionEngine(DetectionEngine.DEFAULT_CHUNK_FILES)
                    .runUntilCaughtUp(Duration.ofHours(1), DetectionEngine.Listener.NONE);
            System.out.printf("evaluated in %.1f s%n%n", (System.nanoTime() - t0) / 1e9);
            Map<String, Set<String>> evidence = new HashMap<>();
            Map<String, Integer> detections = new HashMap<>();
            for (int offset = 0; ; offset += DetectionFilter.MAX_LIMIT) {
                List<Detection> page = app.detections().list(DetectionFilter.of(null).page(DetectionFilter.MAX_LIMIT, offset));
                for (Detection d : page) {
                    detections.merge(d.ruleId(), 1, Integer::sum);
                    evidence.computeIfAbsent(d.ruleId(), k -> new HashSet<>()).addAll(app.detections().get(null, d.detectionUid()).orElseThrow().eventUids());
                }
                if (page.size() < DetectionFilter.MAX_LIMIT) break;
            }
            System.out.printf("%-34s %10s %10s %9s %9s %9s %9s%n", "rule", "detections", "evidence", "planted", "found", "precision", "recall");
            boolean ok = true;
            for (String rule : EXPECTED.keySet().stream().sorted().toList()) {
                Set<PlantedPattern> want = EXPECTED.get(rule);
                Set<String> found = evidence.getOrDefault(rule, Set.of());
                long tp = found.stream().filter(u -> want.contains(patternOf.get(u))).count();
                long planted = patternOf.entrySet().stream().filter(en -> want.contains(en.getValue()) && !unreachable.contains(en.getKey())).count();
                long foundPlanted = found.stream().filter(u -> want.contains(patternOf.get(u)) && !unreachable.contains(u)).count();
                double precision = found.isEmpty() ? Double.NaN : tp / (double) found.size();
                double recall = planted == 0 ? Double.NaN : foundPlanted / (double) planted;
                ok &= !(precision < 0.95) && !(recall < 1.0) && planted > 0;
                System.out.printf("%-34s %10d %10d %9d %9d %9.3f %9.3f%n", rule, detections.getOrDefault(rule, 0), found.size(), planted,
                        foundPlanted, precision, recall);
            }
            if (!report.failures().isEmpty()) {
                System.out.println("rule failures: " + report.failures());
                ok = false;
            }
            System.out.println(ok ? "\nOK: every rule has recall 1.0 and precision >= 0.95" : "\nBELOW TARGET (recall 1.0, precision 0.95)");
        } finally {
            IngestBench.deleteTree(dir);
        }
    }
}
