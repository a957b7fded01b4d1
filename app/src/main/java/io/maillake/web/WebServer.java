package io.maillake.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson3;
import io.maillake.Maillake;
import io.maillake.domain.InvalidInputException;
import io.maillake.lake.QueryException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.cfg.DateTimeFeature;

/**
 * The console and REST API over HTTP (Javalin on Jetty, handlers on virtual threads). Every failure
 * becomes one JSON error shape, {@code {"error":{"code":..,"message":..}}}, decided here and
 * nowhere else. {@link #close()} is safe to call twice.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    private final Javalin javalin;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WebServer(Javalin javalin) {
        this.javalin = javalin;
    }

    /** Starts on {@code host:port} (port 0: any free port). */
    public static WebServer start(Maillake app, String host, int port) {
        Javalin javalin = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson3(null, true).updateMapper(b -> b.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)));
            cfg.fileRenderer(new JteRenderer());
            cfg.http.defaultContentType = "application/json";
            Routes.register(cfg.routes, app);
            cfg.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
            cfg.routes.exception(InvalidInputException.class, (e, ctx) -> {
                error(ctx, 400, "invalid_input", e.getMessage());
                ctx.json(Map.of("error", Map.of("code", "invalid_input", "message", e.getMessage(), "problems", e.problems())));
            });
            cfg.routes.exception(QueryException.class, (e, ctx) ->
                    error(ctx, e.code().equals("timeout") ? 408 : e.code().equals("query_failed") ? 422 : 400, e.code(), e.getMessage()));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal_error", "the server failed; see its log");
            });
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) error(ctx, 404, "not_found", "no such page or endpoint: " + ctx.path());
            });
        }).start(host, port);
        return new WebServer(javalin);
    }

    static void error(Context ctx, int status, String code, String message) {
        ctx.status(status).json(Map.of("error", Map.of("code", code, "message", message == null ? "" : message)));
    }

    public int port() { return javalin.port(); }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) javalin.stop();
    }
}
