package io.maillake.web.api;

import io.javalin.http.Context;
import io.maillake.auth.Accounts;
import io.maillake.auth.Principal;
import io.maillake.auth.User;
import io.maillake.web.Console;
import io.maillake.web.Json;
import io.maillake.web.Views.MeView;
import io.maillake.web.Views.TenantView;
import io.maillake.web.Views.TokenView;
import io.maillake.web.Views.UserCreatedView;
import io.maillake.web.Views.UserView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Users (administrators), and the caller's own account: password and API tokens. */
final class UsersApi {
    private final Console c;

    UsersApi(Console c) {
        this.c = c;
    }

    record NewUser(String username, String role, List<String> tenants, String password) {
        @Override public String toString() { return "NewUser[username=" + username + ", role=" + role + ", tenants=" + tenants + "]"; }
    }

    record UserPatch(String role, List<String> tenants, Boolean disabled) { }

    record PasswordChange(String currentPassword, String newPassword) {
        @Override public String toString() { return "PasswordChange[***]"; }
    }

    record NewToken(String name, Integer expiresInDays) { }

    void register(ApiRoutes r) {
        var a = c.access();
        r.get("/api/v1/me", a.caller(this::me));
        r.post("/api/v1/me/password", a.caller(this::changePassword));
        r.get("/api/v1/me/tokens", a.caller((ctx, p) -> ctx.json(accounts().tokens(p).stream().map(t -> TokenView.of(t, null)).toList())));
        r.post("/api/v1/me/tokens", a.caller(this::createToken));
        r.delete("/api/v1/me/tokens/{tokenId}", a.caller(this::revokeToken));
        r.get("/api/v1/users", a.caller((ctx, p) -> ctx.json(accounts().users(p).stream().map(UserView::of).toList())));
        r.post("/api/v1/users", a.caller(this::create));
        r.get("/api/v1/users/{userId}", a.caller((ctx, p) -> ctx.json(UserView.of(accounts().user(p, ctx.pathParam("userId"))))));
        r.patch("/api/v1/users/{userId}", a.caller(this::update));
        r.delete("/api/v1/users/{userId}", a.caller(this::delete));
        r.post("/api/v1/users/{userId}/password", a.caller(this::resetPassword));
    }

    private Accounts accounts() {
        return c.accounts();
    }

    private void me(Context ctx, Principal p) {
        User u = p.user();
        ctx.json(new MeView(u.id(), u.username(), u.role().id(), accounts().tenants(p).stream().map(TenantView::of).toList()));
    }

    private void changePassword(Context ctx, Principal p) {
        PasswordChange body = Json.body(ctx, PasswordChange.class);
        accounts().changePassword(p, body.currentPassword(), body.newPassword());
        ctx.status(204);
    }

    private void createToken(Context ctx, Principal p) {
        NewToken body = Json.body(ctx, NewToken.class);
        var created = accounts().createToken(p, body.name(), body.expiresInDays() == null ? null : Duration.ofDays(body.expiresInDays()));
        ctx.status(201).json(TokenView.of(created.info(), created.token()));
    }

    private void revokeToken(Context ctx, Principal p) {
        accounts().revokeToken(p, ctx.pathParam("tokenId"));
        ctx.status(204);
    }

    private void create(Context ctx, Principal p) {
        NewUser body = Json.body(ctx, NewUser.class);
        var created = accounts().createUser(p, body.username(), body.role(), body.tenants() == null ? Set.of() : new java.util.HashSet<>(body.tenants()),
                body.password());
        ctx.status(201).json(new UserCreatedView(UserView.of(created.user()), created.password()));
    }

    private void update(Context ctx, Principal p) {
        User current = accounts().user(p, ctx.pathParam("userId"));
        UserPatch body = Json.body(ctx, UserPatch.class);
        User updated = accounts().updateUser(p, current.id(), body.role() == null ? current.role().id() : body.role(),
                body.tenants() == null ? current.tenants() : new java.util.HashSet<>(body.tenants()),
                body.disabled() == null ? current.disabled() : body.disabled());
        ctx.json(UserView.of(updated));
    }

    private void delete(Context ctx, Principal p) {
        accounts().deleteUser(p, ctx.pathParam("userId"));
        ctx.status(204);
    }

    private void resetPassword(Context ctx, Principal p) {
        var reset = accounts().resetPassword(p, ctx.pathParam("userId"));
        ctx.json(Map.of("user", UserView.of(reset.user()), "password", reset.password()));
    }
}
