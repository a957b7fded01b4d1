package io.maillake.mimecast.http;

import io.maillake.mimecast.MimecastException;
import java.util.List;

/** Runs a request through a list of interceptors, ending with the transport. */
public final class InterceptorChain {
    private final List<Interceptor> interceptors;
    private final Transport transport;

    public InterceptorChain(List<Interceptor> interceptors, Transport transport) {
        this.interceptors = List.copyOf(interceptors);
        this.transport = transport;
    }

    public ApiResponse execute(ApiRequest request) throws MimecastException {
        return new Link(0, request).proceed(request);
    }

    private final class Link implements Interceptor.Chain {
        private final int index;
        private final ApiRequest request;

        Link(int index, ApiRequest request) {
            this.index = index;
            this.request = request;
        }

        @Override public ApiRequest request() { return request; }

        @Override public ApiResponse proceed(ApiRequest next) throws MimecastException {
            if (index == interceptors.size()) return transport.send(next);
            return interceptors.get(index).intercept(new Link(index + 1, next));
        }
    }
}
