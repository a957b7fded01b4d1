package io.maillake.mimecast.http;

import io.maillake.mimecast.MimecastException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each call's path, status, size, duration and remaining quota at DEBUG, and failures at DEBUG
 * too (callers decide what is worth a WARN). Headers and bodies are never logged: they carry
 * signatures, tokens and customer data.
 */
public final class CallLogging implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger("io.maillake.mimecast.calls");

    @Override
    public ApiResponse intercept(Chain chain) throws MimecastException {
        long start = System.nanoTime();
        String path = chain.request().path();
        try {
            ApiResponse response = chain.proceed(chain.request());
            if (LOG.isDebugEnabled()) {
                LOG.debug("POST {} -> {} ({} bytes, {} ms, quota remaining {})", path, response.status(),
                        response.body().length, (System.nanoTime() - start) / 1_000_000,
                        response.header("X-RateLimit-Remaining").orElse("?"));
            }
            return response;
        } catch (MimecastException e) {
            LOG.debug("POST {} failed after {} ms: {}", path, (System.nanoTime() - start) / 1_000_000, e.getMessage());
            throw e;
        }
    }
}
