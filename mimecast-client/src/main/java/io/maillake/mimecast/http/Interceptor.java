package io.maillake.mimecast.http;

import io.maillake.mimecast.MimecastException;

/**
 * One link in the chain that carries a call to Mimecast: signing, tokens, the rate-limit budget and
 * logging are each one interceptor; the last link is the {@link Transport}. An interceptor may
 * change the request, call {@link Chain#proceed} zero, one or more times, and inspect the response.
 * Interceptors are shared by all threads using a client, so they must be thread-safe.
 */
@FunctionalInterface
public interface Interceptor {

    ApiResponse intercept(Chain chain) throws MimecastException;

    /** The rest of the chain, as seen from one interceptor. */
    interface Chain {
        ApiRequest request();

        /** Passes the request to the next link and returns its response. */
        ApiResponse proceed(ApiRequest request) throws MimecastException;
    }
}
