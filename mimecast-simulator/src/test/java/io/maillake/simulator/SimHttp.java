package io.maillake.simulator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** A plain JDK HttpClient speaking to the simulator as a client would, for tests. */
final class SimHttp {
    static final JsonMapper JSON = JsonMapper.builder().build();

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final URI base;
    final Clock clock;

    SimHttp(MimecastSimulator sim) {
        this.base = sim.baseUrl();
        this.clock = sim.config().clock();
    }

    record Response(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** code of an API 1.0 style failure: fail[0].errors[0].code */
        String failCode() {
            return json().path("fail").path(0).path("errors").path(0).path("code").asString();
        }

        /** Raw text of each record of data[0].{array}, exactly as sent. */
        List<String> rawRecords(LogType type) {
            return RawJson.records(body, type.arrayName());
        }

        String next() {
            JsonNode n = json().path("meta").path("pagination").path("next");
            return n.isMissingNode() || n.isNull() ? null : n.asString();
        }
    }

    /** Headers of a correctly signed API 1.0 request at the simulator clock's time. */
    Map<String, String> api1Headers(Api1Credentials c, String path) {
        String date = TestSigner.date(clock.instant());
        String reqId = UUID.randomUUID().toString();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "MC " + c.accessKey() + ":" + TestSigner.sign(c.secretKey(), date, reqId, path, c.appKey()));
        h.put("x-mc-date", date);
        h.put("x-mc-req-id", reqId);
        h.put("x-mc-app-id", c.appId());
        h.put("Content-Type", "application/json");
        return h;
    }

    Response api1(Api1Credentials c, LogType type, String body) {
        return post(type.path(), api1Headers(c, type.path()), body);
    }

    Response api1(Api1Credentials c, LogType type, String body, Consumer<Map<String, String>> tweak) {
        Map<String, String> h = api1Headers(c, type.path());
        tweak.accept(h);
        return post(type.path(), h, body);
    }

    Response bearer(String token, LogType type, String body) {
        return post(type.path(), Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"), body);
    }

    String token(Api2Credentials c) {
        Response r = tokenResponse("client_id=" + c.clientId() + "&client_secret=" + c.clientSecret() + "&grant_type=client_credentials");
        if (r.status() != 200) {
            throw new AssertionError("token request failed: " + r);
        }
        return r.json().path("access_token").asString();
    }

    Response tokenResponse(String form) {
        return post("/oauth/token", Map.of("Content-Type", "application/x-www-form-urlencoded"), form);
    }

    Response post(String path, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b.build());
    }

    Response send(String method, String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Response send(HttpRequest req) {
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Pages through a query: sends {@code firstBody}, then follows {@code next} with
     * {@code followUp(token)} bodies until the last page; returns the raw records in order.
     */
    List<String> pageAll(java.util.function.Function<String, Response> send, String firstBody,
                         java.util.function.Function<String, String> followUp, LogType type) {
        List<String> out = new ArrayList<>();
        String body = firstBody;
        for (int pages = 0; pages < 10_000; pages++) {
            Response r = send.apply(body);
            if (r.status() != 200) {
                throw new AssertionError("page failed: " + r.status() + " " + r.body());
            }
            out.addAll(r.rawRecords(type));
            String next = r.next();
            if (next == null) {
                return out;
            }
            body = followUp.apply(next);
        }
        throw new AssertionError("too many pages");
    }

    @Override
    public String toString() {
        return "SimHttp[" + base + "]";
    }
}
