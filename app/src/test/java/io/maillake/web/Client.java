package io.maillake.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser-like HTTP client for tests: keeps cookies, logs in through the form, sends CSRF tokens. */
final class Client {
    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");

    final String base;
    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    String bearer;
    String csrf;
    /** Every response body this client received, for tests that scan them all. */
    final List<String> seen = new ArrayList<>();

    Client(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static Client bearer(int port, String token) {
        Client c = new Client(port);
        c.bearer = token;
        return c;
    }

    record Response(int status, String body, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }

        List<String> headers(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(Map.Entry::getValue).orElse(List.of());
        }

        String location() { return header("Location"); }
    }

    Response get(String path) {
        return send(builder(path).GET());
    }

    /** A form POST with the session's CSRF token (unless the fields give one). */
    Response post(String path, Map<String, ?> fields) {
        StringBuilder body = new StringBuilder();
        boolean hasCsrf = fields.containsKey("_csrf");
        if (!hasCsrf && csrf != null) body.append("_csrf=").append(enc(csrf));
        for (var e : fields.entrySet()) {
            List<?> values = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
            for (Object v : values) {
                if (!body.isEmpty()) body.append('&');
                body.append(enc(e.getKey())).append('=').append(enc(String.valueOf(v)));
            }
        }
        return send(builder(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    Response json(String method, String path, String json) {
        HttpRequest.Builder b = builder(path).header("Content-Type", "application/json");
        if (csrf != null && bearer == null) b.header("X-CSRF-Token", csrf);
        return send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    Response postJson(String path, String json) { return json("POST", path, json); }

    Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            seen.add(r.body());
            return new Response(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return b;
    }

    /** Logs in through the login form and remembers the session's CSRF token. */
    Response login(String username, String password) {
        Response form = get("/login");
        String token = field(form.body());
        Response r = post("/login", Map.of("_csrf", token, "username", username, "password", password, "next", ""));
        if (r.status() == 302) refreshCsrf();
        return r;
    }

    /** Reads the session's CSRF token from a console page. */
    void refreshCsrf() {
        Response page = get("/account");
        Matcher m = CSRF_META.matcher(page.body());
        csrf = m.find() ? m.group(1) : null;
    }

    String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue)
                .findFirst().orElse(null);
    }

    void setCookie(String name, String value) {
        HttpCookie c = new HttpCookie(name, value);
        c.setPath("/");
        c.setVersion(0);
        c.setDomain("127.0.0.1"); // as CookieManager records the server's host-only cookies, so this one replaces them
        cookies.getCookieStore().add(URI.create(base), c);
    }

    static String field(String html) {
        Matcher m = CSRF_FIELD.matcher(html);
        return m.find() ? m.group(1) : null;
    }

    /** The text between two markers of a page, or null. */
    static String between(String html, String start, String end) {
        int i = html.indexOf(start);
        if (i < 0) return null;
        int j = html.indexOf(end, i + start.length());
        return j < 0 ? null : html.substring(i + start.length(), j);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String query(Map<String, String> params) {
        return params.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }
}
