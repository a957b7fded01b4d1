package io.maillake.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson3;
import io.maillake.Maillake;
import io.maillake.auth.AccessDenied;
import io.maillake.domain.InvalidInputException;
import io.maillake.lake.QueryException;
import io.maillake.web.api.ApiRoutes;
import io.maillake.web.api.RestApi;
import io.maillake.web.ui.Pages;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.cfg.DateTimeFeature;

/**
 * The console and REST API over HTTP (Javalin on Jetty, handlers on virtual threads). Every
 * request passes {@link Security} first. Every failure becomes one JSON error shape,
 * {@code {"error":{"code":..,"message":..}}}, or for pages an error page, decided here and nowhere
 * else. {@link #close()} is safe to call twice.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /** Set to true behind a proxy that terminates TLS, so cookies are marked Secure although the proxy speaks HTTP to us. */
    public static final String SECURE_COOKIES_ENV = "MAILLAKE_SECURE_COOKIES";

    private final Javalin javalin;
    private final List<ApiRoutes.Route> apiRoutes;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WebServer(Javalin javalin, List<ApiRoutes.Route> apiRoutes) {
        this.javalin = javalin;
        this.apiRoutes = apiRoutes;
    }

    /**
     * @param secureCookies true or false forces the cookies' Secure flag; null sets it on requests that came over HTTPS
     */
    public record Settings(Boolean secureCookies) {
        public static Settings fromEnvironment(Map<String, String> env) {
            String v = env.get(SECURE_COOKIES_ENV);
            return new Settings(v == null || v.isBlank() ? null : Boolean.parseBoolean(v.strip()));
        }
    }

    /** Starts on {@code host:port} (port 0: any free port), with settings from the environment. */
    public static WebServer start(Maillake app, String host, int port) {
        return start(app, host, port, Settings.fromEnvironment(System.getenv()));
    }

    public static WebServer start(Maillake app, String host, int port, Settings settings) {
        Security security = new Security(app.accounts(), settings.secureCookies());
        Console console = new Console(app, security);
        java.util.concurrent.atomic.AtomicReference<List<ApiRoutes.Route>> routes = new java.util.concurrent.atomic.AtomicReference<>();
        Javalin javalin = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson3(null, true).updateMapper(b -> b.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)));
            cfg.fileRenderer(new JteRenderer());
            cfg.http.defaultContentType = "application/json";
            cfg.http.maxRequestSize = 1_000_000;
            cfg.http.prefer405over404 = true; // a known path with the wrong method says so
            cfg.staticFiles.add(s -> {
                s.hostedPath = "/assets";
                s.directory = "/public";
                s.location = Location.CLASSPATH;
            });
            cfg.staticFiles.enableWebjars();
            cfg.routes.before(security::before);
            cfg.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(Metrics.render(app.store(), console.integrations(), console.webhooks(), Access.principal(ctx).tenants())));
            routes.set(RestApi.register(cfg.routes, console));
            Pages.register(cfg.routes, console);
            cfg.routes.exception(ApiException.class, (e, ctx) -> fail(ctx, e.status(), e.code(), e.getMessage(), null));
            cfg.routes.exception(AccessDenied.class, (e, ctx) ->
                    fail(ctx, e.hidden() ? 404 : 403, e.hidden() ? "not_found" : "forbidden", e.getMessage(), null));
            cfg.routes.exception(InvalidInputException.class, (e, ctx) -> fail(ctx, 400, "invalid_input", e.getMessage(), e.problems()));
            cfg.routes.exception(QueryException.class, (e, ctx) ->
                    fail(ctx, switch (e.code()) {
                        case "timeout" -> 408;
                        case "query_failed" -> 422;
                        case "forbidden" -> 403;
                        default -> 400;
                    }, e.code(), e.getMessage(), null));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
                fail(ctx, 500, "internal_error", "the server failed; see its log", null);
            });
            // the framework's own 404 and 405 answers become ours too; a failure we already answered is left as it is
            cfg.routes.error(404, ctx -> {
                if (ctx.attribute(ANSWERED) == null) fail(ctx, 404, "not_found", "no such page or endpoint: " + ctx.path(), null);
            });
            cfg.routes.error(405, ctx -> {
                if (ctx.attribute(ANSWERED) == null) {
                    fail(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path()
                            + (isApi(ctx) ? "; see /api/v1/openapi.json" : ""), null);
                }
            });
        }).start(host, port);
        return new WebServer(javalin, routes.get());
    }

    /** Set on a request whose failure {@link #fail} answered. */
    private static final String ANSWERED = "maillake.failure-answered";

    /** The one place a failure becomes a response: JSON for the API, a page (or the login page) for the console. */
    static void fail(Context ctx, int status, String code, String message, List<String> problems) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        if (isApi(ctx)) {
            Map<String, Object> error = problems == null ? Map.of("code", code, "message", message == null ? "" : message)
                    : Map.of("code", code, "message", message == null ? "" : message, "problems", problems);
            ctx.status(status).json(Map.of("error", error));
            if (status == 401) ctx.header("WWW-Authenticate", "Bearer realm=\"maillake\"");
        } else if (status == 401) {
            String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        } else {
            ctx.status(status);
            Pages.error(ctx, status, message, problems);
        }
    }

    private static boolean isApi(Context ctx) {
        String p = ctx.path();
        return p.startsWith("/api/v1/") || p.equals("/metrics") || p.equals("/healthz");
    }

    public int port() { return javalin.port(); }

    /** The REST routes, as registered (for the test that holds the OpenAPI document to them). */
    public List<ApiRoutes.Route> apiRoutes() { return apiRoutes; }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) javalin.stop();
    }
}
