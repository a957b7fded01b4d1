package io.maillake.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.maillake.auth.Accounts;
import io.maillake.auth.Principal;
import io.maillake.auth.Secrets;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Runs before every request: security headers, then who is calling (an API token in
 * {@code Authorization: Bearer}, else the session cookie), then CSRF for requests that change
 * something. A browser-sent request that changes something must come from our own pages: same
 * origin ({@code Origin}, {@code Sec-Fetch-Site}) and, for a session, carry the session's CSRF
 * token (form field {@code _csrf} or header {@code X-CSRF-Token}). Bearer tokens need no CSRF
 * token: browsers never attach them on their own.
 */
public final class Security {
    static final String SESSION_COOKIE = "maillake_session";
    /** Double-submit token of the login form, which has no session yet. */
    static final String LOGIN_COOKIE = "maillake_login";
    public static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /**
     * Scripts only from this server (no inline script, no eval); styles may be inline for the
     * chart and API-docs libraries; nothing may frame the console.
     */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private final Accounts accounts;
    private final Boolean secureCookies;

    /**
     * @param secureCookies true or false to force the cookies' Secure flag; null: set it when the
     *                      request came over HTTPS
     */
    Security(Accounts accounts, Boolean secureCookies) {
        this.accounts = accounts;
        this.secureCookies = secureCookies;
    }

    void before(Context ctx) {
        headers(ctx);
        boolean unsafe = !SAFE_METHODS.contains(ctx.req().getMethod());
        if (unsafe) requireSameOrigin(ctx);
        if (isPublic(ctx.path())) return;
        Principal p = authenticate(ctx).orElseThrow(ApiException::unauthenticated);
        if (unsafe && p.via() == Principal.Via.SESSION) requireCsrfToken(ctx, p);
        ctx.attribute(Access.PRINCIPAL, p);
    }

    /** The caller, if any; an {@code Authorization} header that is present but invalid is never excused by a cookie. */
    public Optional<Principal> authenticate(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null) {
            if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) throw ApiException.unauthenticated();
            return Optional.of(accounts.bearer(auth.substring(7).strip()).orElseThrow(ApiException::unauthenticated));
        }
        return accounts.session(ctx.cookie(SESSION_COOKIE));
    }

    static boolean isPublic(String path) {
        return path.equals("/login") || path.equals("/healthz") || path.startsWith("/assets/") || path.startsWith("/webjars/")
                || path.equals("/favicon.ico") || path.equals("/api/v1/openapi.json");
    }

    private static void headers(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        if (!ctx.path().startsWith("/assets/") && !ctx.path().startsWith("/webjars/")) ctx.header("Cache-Control", "no-store");
        if ("https".equals(ctx.scheme())) ctx.header("Strict-Transport-Security", "max-age=31536000");
    }

    /** Refuses a state-changing request a browser sent from another site. */
    private static void requireSameOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw ApiException.forbidden("cross-site request refused");
        }
        String origin = ctx.header("Origin");
        if (origin == null) return; // scripts and command-line clients send none; browsers always do on POST
        if (origin.equals("null")) throw ApiException.forbidden("cross-site request refused"); // sandboxed frames, data: pages
        String host = ctx.header("Host");
        try {
            String authority = URI.create(origin).getRawAuthority();
            if (host == null || !host.equalsIgnoreCase(authority)) throw ApiException.forbidden("cross-site request refused");
        } catch (IllegalArgumentException e) {
            throw ApiException.forbidden("cross-site request refused");
        }
    }

    private static void requireCsrfToken(Context ctx, Principal p) {
        String sent = ctx.header(CSRF_HEADER);
        if (sent == null && isForm(ctx)) sent = ctx.formParam(CSRF_FIELD);
        if (!Secrets.same(sent, p.csrfToken())) {
            throw new ApiException(403, "csrf", "the form or request is missing its CSRF token or it is stale: reload the page and try again");
        }
    }

    private static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        return type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"));
    }

    // ---- cookies -----------------------------------------------------------------------------

    public void setSession(Context ctx, String value) {
        ctx.cookie(cookie(ctx, SESSION_COOKIE, value, -1));
    }

    public void clearSession(Context ctx) {
        ctx.cookie(cookie(ctx, SESSION_COOKIE, "", 0));
    }

    /** The login form's double-submit token, set when the form is shown. */
    public String loginToken(Context ctx) {
        String current = ctx.cookie(LOGIN_COOKIE);
        if (current != null && current.length() >= 40 && current.length() <= 60) return current;
        String token = Secrets.token();
        ctx.cookie(cookie(ctx, LOGIN_COOKIE, token, 3600));
        return token;
    }

    public static boolean loginTokenMatches(Context ctx) {
        return Secrets.same(ctx.cookie(LOGIN_COOKIE), ctx.formParam(CSRF_FIELD));
    }

    public void clearLoginToken(Context ctx) {
        ctx.cookie(cookie(ctx, LOGIN_COOKIE, "", 0));
    }

    private Cookie cookie(Context ctx, String name, String value, int maxAge) {
        boolean secure = secureCookies != null ? secureCookies : "https".equals(ctx.scheme());
        return new Cookie(name, value, "/", maxAge, secure, true, null, SameSite.LAX);
    }
}
