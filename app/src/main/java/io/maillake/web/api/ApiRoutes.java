package io.maillake.web.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;

/** Registers REST routes and remembers them, so a test can hold the OpenAPI document to every route. */
public final class ApiRoutes {
    /** @param method lower case, as OpenAPI writes it */
    public record Route(String method, String path) { }

    private final RoutesConfig routes;
    private final List<Route> registered = new ArrayList<>();

    public ApiRoutes(RoutesConfig routes) {
        this.routes = routes;
    }

    public void get(String path, Handler h) {
        routes.get(path, h);
        registered.add(new Route("get", path));
    }

    public void post(String path, Handler h) {
        routes.post(path, h);
        registered.add(new Route("post", path));
    }

    public void put(String path, Handler h) {
        routes.put(path, h);
        registered.add(new Route("put", path));
    }

    public void patch(String path, Handler h) {
        routes.patch(path, h);
        registered.add(new Route("patch", path));
    }

    public void delete(String path, Handler h) {
        routes.delete(path, h);
        registered.add(new Route("delete", path));
    }

    public List<Route> registered() {
        return List.copyOf(registered);
    }
}
