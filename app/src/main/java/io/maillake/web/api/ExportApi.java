package io.maillake.web.api;

import io.javalin.http.Context;
import io.maillake.auth.Principal;
import io.maillake.domain.Tenant;
import io.maillake.web.ApiException;
import io.maillake.web.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A tenant's events as Parquet, hive-partitioned {@code tenant_id=/log_type=/day=/}, in one zip:
 * ready for Spark, Trino, Athena or DuckDB. Only the tenant in the path is exported.
 */
final class ExportApi {
    private final Console c;

    ExportApi(Console c) {
        this.c = c;
    }

    void register(ApiRoutes r) {
        r.get("/api/v1/tenants/{tenant}/export", c.access().tenant(this::export));
    }

    private void export(Context ctx, Principal p, Tenant t) throws IOException {
        Instant from = time(ctx, "from");
        Instant to = time(ctx, "to");
        boolean ocsf = !"false".equalsIgnoreCase(ctx.queryParam("ocsf"));
        Path work = Files.createTempDirectory("maillake-export");
        try {
            Path dir = work.resolve("events");
            c.app().lake().export(dir, Set.of(t.id()), from, to, ocsf);
            Path zip = Files.createTempFile("maillake-export", ".zip");
            zip(dir, zip);
            InputStream in = Files.newInputStream(zip, StandardOpenOption.DELETE_ON_CLOSE);
            ctx.contentType("application/zip")
                    .header("Content-Disposition", "attachment; filename=\"maillake-" + t.id() + "-events.zip\"")
                    .result(in);
        } finally {
            deleteTree(work);
        }
    }

    private static Instant time(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        try {
            return Instant.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + ": must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
    }

    private static void zip(Path dir, Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            if (!Files.exists(dir)) return;
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    z.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, z);
                    z.closeEntry();
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temporary folder holds only this tenant's export and is cleaned by the OS
        }
    }
}
