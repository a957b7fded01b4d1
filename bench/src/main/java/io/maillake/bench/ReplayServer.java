package io.maillake.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves pre-built TTP log pages as fast as the JDK server can, so a benchmark measures only the
 * client. Page files {@code page-0.json ... page-N.json} in a folder; a request carrying
 * {@code "pageToken":"pK"} gets page K, any other request page 0. Accepts any credentials. Prints
 * its port on the first line. Run in its own JVM so its allocations are not counted as the client's.
 */
public final class ReplayServer {
    private static final Pattern TOKEN = Pattern.compile("\"pageToken\":\"p(\\d+)\"");
    private static final byte[] OAUTH = "{\"access_token\":\"bench-token\",\"token_type\":\"Bearer\",\"expires_in\":1799,\"scope\":\"\"}"
            .getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        List<byte[]> pages = new ArrayList<>();
        for (int i = 0; Files.exists(dir.resolve("page-" + i + ".json")); i++) pages.add(Files.readAllBytes(dir.resolve("page-" + i + ".json")));
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> serve(exchange, pages));
        server.start();
        System.out.println(server.getAddress().getPort());
        System.out.flush();
    }

    private static void serve(HttpExchange exchange, List<byte[]> pages) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        byte[] reply;
        if (exchange.getRequestURI().getPath().equals("/oauth/token")) {
            reply = OAUTH;
        } else {
            Matcher m = TOKEN.matcher(body);
            int page = m.find() ? Integer.parseInt(m.group(1)) : 0;
            reply = pages.get(Math.min(page, pages.size() - 1));
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-RateLimit-Limit", "1000000");
        exchange.getResponseHeaders().add("X-RateLimit-Remaining", "999999");
        exchange.getResponseHeaders().add("X-RateLimit-Reset", "1000");
        exchange.sendResponseHeaders(200, reply.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply);
        }
    }
}
