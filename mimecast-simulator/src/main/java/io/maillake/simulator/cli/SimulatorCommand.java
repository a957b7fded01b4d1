package io.maillake.simulator.cli;

import io.maillake.simulator.LogType;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code maillake simulator}: runs a fake Mimecast until killed. The first line of output is one
 * JSON object with the base URL and the credentials it accepts; nothing else goes to standard
 * output. SIGTERM (a JVM shutdown) closes the server cleanly. Self-contained, so the application
 * can register it as a subcommand.
 */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Run a fake Mimecast API (API 1.0 and 2.0, TTP URL, impersonation and attachment logs).",
        footer = {"", "The first line of output is one JSON object with the credentials it accepts.",
                "Faults (429 storms, 5xx, fail[] in a 200, malformed or cut bodies, slow replies, binding expiry,",
                "missing permissions, wrong region, token expiry), ground truth and request logs are scripted",
                "through its admin API under /_sim/ (unauthenticated: keep it on loopback); see mimecast-simulator/README.md."})
public final class SimulatorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "9090", description = "Port to listen on, 0 = any free port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the data and credentials (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--accounts", defaultValue = "1", description = "Number of accounts (default ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--history", defaultValue = "24h", converter = DurationConverter.class,
            description = "How far back events exist, e.g. 24h, 30m, PT24H (default ${DEFAULT-VALUE}).")
    Duration history;

    @Option(names = "--rate", description = "Events per minute for every log type "
            + "(default: url 60, impersonation 6, attachment 20).")
    Double rate;

    @Option(names = "--rate-limit", defaultValue = "0", description = "Calls per minute per credential, 0 = unlimited (default ${DEFAULT-VALUE}).")
    int rateLimit;

    @Option(names = "--late-fraction", defaultValue = "0.02", description = "Fraction of events that become visible late (default ${DEFAULT-VALUE}).")
    double lateFraction;

    @Option(names = "--late-delay", defaultValue = "5m", converter = DurationConverter.class,
            description = "Longest delay of a late event (default ${DEFAULT-VALUE}).")
    Duration lateDelay;

    @Option(names = "--token-ttl", defaultValue = "1799s", converter = DurationConverter.class,
            description = "OAuth access token lifetime (default ${DEFAULT-VALUE}).")
    Duration tokenTtl;

    @Option(names = "--to-inclusive", description = "Treat the 'to' filter as inclusive (default: exclusive).")
    boolean toInclusive;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile MimecastSimulator simulator;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorCommand()).execute(args));
    }

    /** The configuration the options describe. */
    public SimulatorConfig config() {
        SimulatorConfig.Builder b = SimulatorConfig.builder().host(host).port(port).seed(seed).accounts(accounts)
                .history(history).rateLimit(rateLimit, Duration.ofMinutes(1)).lateFraction(lateFraction)
                .lateDelay(lateDelay).tokenTtl(tokenTtl).toInclusive(toInclusive);
        if (rate != null) {
            for (LogType t : LogType.values()) {
                b.eventsPerMinute(t, rate);
            }
        }
        return b.build();
    }

    @Override
    public Integer call() throws InterruptedException {
        simulator = MimecastSimulator.start(config());
        PrintWriter out = spec.commandLine().getOut();
        out.println(simulator.credentialsJson());
        out.flush();
        Thread hook = new Thread(this::stop, "simulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it closed the simulator
        }
        return 0;
    }

    /** Closes the simulator and lets {@link #call()} return. Safe to call twice, and from any thread. */
    public void stop() {
        MimecastSimulator s = simulator;
        if (s != null) {
            s.close();
        }
        stopped.countDown();
    }

    /** The running simulator, or null before start. */
    public MimecastSimulator simulator() {
        return simulator;
    }
}
