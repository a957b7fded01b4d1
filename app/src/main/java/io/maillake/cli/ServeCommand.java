package io.maillake.cli;

import io.maillake.Maillake;
import io.maillake.collect.CollectSettings;
import io.maillake.collect.Scheduler;
import io.maillake.detect.DetectionEngine;
import io.maillake.detect.DetectionLoop;
import io.maillake.notify.WebhookLoop;
import io.maillake.web.FirstStart;
import io.maillake.web.WebServer;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maillake serve}: the console, the REST API and the collector, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the web console and REST API, and collect every enabled stream on an interval (default every minute).")
final class ServeCommand extends AppCommand {
    @Override boolean mayCreateDataDir() { return true; }

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--reset-password", paramLabel = "USER", description = "Give this console user a new generated password, print it once, and exit.")
    String resetPassword;

    @Override
    Integer run(Maillake app) throws InterruptedException {
        if (resetPassword != null) {
            FirstStart.resetPassword(app, resetPassword, out());
            return 0;
        }
        serve(app, host, port, app.config().collectSettings(), this, null);
        return 0;
    }

    /** Runs until the JVM is asked to stop; shared with {@code demo}. */
    static void serve(Maillake app, String host, int port, CollectSettings settings, AppCommand cmd, Runnable onStop)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        try (Scheduler scheduler = new Scheduler(app.collector(settings), app.lake(), settings).start();
             // detection rules evaluated as events land (io.maillake.detect)
             DetectionLoop detections = new DetectionLoop(app.detectionEngine(DetectionEngine.DEFAULT_CHUNK_FILES), app.lake()).start();
             // webhook notifications of new detections sent as they are queued (io.maillake.notify)
             WebhookLoop webhooks = new WebhookLoop(app.webhookDelivery()).start();
             WebServer web = WebServer.start(app, host, port)) {
            String shown = host.equals("0.0.0.0") ? "localhost" : host;
            cmd.out().println("Maillake is running at http://" + shown + ":" + web.port() + "/ (Ctrl+C to stop)");
            FirstStart.announce(app, cmd.out());
            cmd.out().flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "serve-shutdown"));
            stopped.await();
        } finally {
            if (onStop != null) onStop.run();
        }
    }
}
