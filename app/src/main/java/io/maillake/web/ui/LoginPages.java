package io.maillake.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.maillake.auth.Accounts;
import io.maillake.auth.LoginRefused;
import io.maillake.web.Console;
import io.maillake.web.Security;

/**
 * Logging in and out. Every login gets a new session id (an id known before the login is never
 * the one after, so a planted cookie gains nothing); the login form is protected by a
 * double-submit token, since there is no session yet to hold one.
 */
final class LoginPages {
    private final Console c;

    LoginPages(Console c) {
        this.c = c;
    }

    void register(RoutesConfig routes) {
        routes.get("/login", this::form);
        routes.post("/login", this::login);
        routes.post("/logout", c.access().caller((ctx, p) -> {
            c.accounts().logout(p);
            c.security().clearSession(ctx);
            ctx.redirect("/login");
        }));
    }

    private void form(Context ctx) {
        if (c.security().authenticate(ctx).isPresent()) {
            ctx.redirect(next(ctx.queryParam("next")));
            return;
        }
        show(ctx, "", null, ctx.queryParam("next"));
    }

    private void show(Context ctx, String username, String error, String next) {
        String token = c.security().loginToken(ctx);
        ctx.contentType("text/html; charset=utf-8").render("login.jte", Pages.model("csrf", token, "username", username == null ? "" : username,
                "error", error, "next", Pages.safeNext(next) == null ? "" : Pages.safeNext(next)));
    }

    private void login(Context ctx) {
        String username = ctx.formParam("username");
        String next = ctx.formParam("next");
        if (!Security.loginTokenMatches(ctx)) {
            ctx.status(403);
            show(ctx, username, "The login form expired. Please try again.", next);
            return;
        }
        try {
            Accounts.NewSession s = c.accounts().login(username, ctx.formParam("password"), ctx.ip());
            // a session the browser held before (anyone's) ends here: the new id replaces it
            c.security().authenticate(ctx).ifPresent(old -> c.accounts().logout(old));
            c.security().setSession(ctx, s.cookieValue());
            c.security().clearLoginToken(ctx);
            ctx.redirect(next(next));
        } catch (LoginRefused e) {
            if (e.retryAfter().isPresent()) {
                ctx.status(429).header("Retry-After", String.valueOf(e.retryAfter().get().toSeconds()));
            } else {
                ctx.status(401);
            }
            show(ctx, username, e.getMessage(), next);
        }
    }

    private static String next(String next) {
        String safe = Pages.safeNext(next);
        return safe == null || safe.startsWith("/login") ? "/" : safe;
    }
}
