package io.maillake.simulator.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.maillake.simulator.http.Delivery;
import io.maillake.simulator.http.ErrorBodies;
import io.maillake.simulator.http.ErrorCodes;
import io.maillake.simulator.http.Reply;
import io.maillake.simulator.http.Request;
import io.maillake.simulator.observe.RecordedRequest;
import io.maillake.simulator.observe.RequestLog;
import io.maillake.simulator.observe.Stats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP front: the JDK's {@link HttpServer} with one virtual thread per exchange. Paths under
 * {@code /_sim/} go to the admin API, everything else through the {@link ApiPipeline}. Each API
 * request is recorded (request log and statistics) before its response is written, so a test
 * that has received a response always finds its request in the log.
 */
public final class SimServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimServer.class);
    private static final int MAX_BODY = 1 << 20;
    private static final int MAX_LOGGED_BODY = 16 * 1024;

    static {
        // Without TCP_NODELAY the last segment of a response can wait for a delayed ACK (40 ms on
        // Linux); the JDK server reads this property once, when its first instance is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Handles {@code /_sim/...}; may write to the exchange itself (streaming). */
    public interface AdminHandler {
        void handle(HttpExchange exchange, Request request) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ApiPipeline pipeline;
    private final AdminHandler admin;
    private final RequestLog requestLog;
    private final Stats stats;
    private final Clock clock;
    private volatile boolean closed;

    public SimServer(String host, int port, ApiPipeline pipeline, AdminHandler admin, RequestLog requestLog, Stats stats, Clock clock)
            throws IOException {
        this.pipeline = pipeline;
        this.admin = admin;
        this.requestLog = requestLog;
        this.stats = stats;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 256);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI baseUrl() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        Request req;
        try {
            req = read(ex);
        } catch (BodyTooLarge e) {
            ReplyWriter.write(ex, ErrorBodies.fail(413, ErrorCodes.BODY_MALFORMED, "Request body larger than 1 MiB", false),
                    Delivery.NORMAL, false);
            return;
        }
        if (req.path().equals("/_sim") || req.path().startsWith("/_sim/")) {
            admin.handle(ex, req);
            return;
        }
        ApiPipeline.Outcome o;
        try {
            o = pipeline.process(req);
        } catch (RuntimeException e) {
            LOG.warn("request {} {} failed", req.method(), req.path(), e);
            o = new ApiPipeline.Outcome(ErrorBodies.fail(500, ErrorCodes.INTERNAL, "Internal server error", true),
                    Delivery.NORMAL, null, null);
        }
        record(req, o);
        ReplyWriter.write(ex, o.reply(), o.delivery(), req.method().equalsIgnoreCase("HEAD"));
    }

    private void record(Request req, ApiPipeline.Outcome o) {
        boolean dropped = o.delivery() instanceof Delivery.Drop;
        boolean complete = !dropped && !(o.delivery() instanceof Delivery.Truncate);
        int status = dropped ? 0 : o.reply().status();
        int records = complete ? o.reply().records() : 0;
        stats.record(o.account(), req.path(), status, records, dropped ? 0 : o.reply().body().length);
        String body = new String(req.body(), 0, Math.min(req.body().length, MAX_LOGGED_BODY), StandardCharsets.UTF_8);
        requestLog.add(new RecordedRequest(req.received(), req.method(), req.path(), req.headers(), body, status,
                o.account(), o.fault(), records));
    }

    private static final class BodyTooLarge extends Exception {
    }

    private Request read(HttpExchange ex) throws IOException, BodyTooLarge {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw new BodyTooLarge();
        }
        URI uri = ex.getRequestURI();
        return new Request(clock.instant(), ex.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                ex.getRequestHeaders(), body);
    }

    /** Stops accepting, closes open connections and ends the handler threads. Safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }
}
