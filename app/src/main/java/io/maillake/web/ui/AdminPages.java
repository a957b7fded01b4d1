package io.maillake.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.maillake.auth.Accounts;
import io.maillake.auth.Principal;
import io.maillake.auth.User;
import io.maillake.domain.InvalidInputException;
import io.maillake.domain.Tenant;
import io.maillake.web.Console;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Tenants, users (administrators) and the caller's own account: password and API tokens. */
final class AdminPages {
    private final Console c;
    private final Pages pages;

    AdminPages(Console c, Pages pages) {
        this.c = c;
        this.pages = pages;
    }

    void register(RoutesConfig routes) {
        var a = c.access();
        routes.get("/tenants", a.caller(this::tenants));
        routes.post("/tenants", a.caller(this::createTenant));
        routes.get("/users", a.caller(this::users));
        routes.get("/users/new", a.caller((ctx, p) -> {
            p.requireAdmin("manage users");
            showUser(ctx, p, UserForm.blank(c.accounts().tenants(p), pages.currentTenant(ctx, p).orElse(null)));
        }));
        routes.post("/users", a.caller(this::createUser));
        routes.get("/users/{userId}", a.caller((ctx, p) -> showUser(ctx, p, UserForm.of(c.accounts().user(p, ctx.pathParam("userId")),
                c.accounts().tenants(p)))));
        routes.post("/users/{userId}", a.caller(this::updateUser));
        routes.post("/users/{userId}/password", a.caller(this::resetPassword));
        routes.post("/users/{userId}/delete", a.caller((ctx, p) -> {
            c.accounts().deleteUser(p, ctx.pathParam("userId"));
            ctx.redirect("/users?notice=user-deleted");
        }));
        routes.get("/account", a.caller((ctx, p) -> showAccount(ctx, p, null, null, List.of())));
        routes.post("/account/password", a.caller(this::changePassword));
        routes.post("/account/tokens", a.caller(this::createToken));
        routes.post("/account/tokens/{tokenId}/delete", a.caller((ctx, p) -> {
            c.accounts().revokeToken(p, ctx.pathParam("tokenId"));
            ctx.redirect("/account?notice=token-revoked");
        }));
    }

    private Chrome chrome(Context ctx, Principal p, String title, String nav) {
        return pages.chrome(ctx, p, pages.currentTenant(ctx, p).orElse(null), title, nav);
    }

    // ---- tenants -----------------------------------------------------------------------------

    private void tenants(Context ctx, Principal p) {
        showTenants(ctx, p, "", List.of());
    }

    private void showTenants(Context ctx, Principal p, String name, List<String> errors) {
        var tenants = c.accounts().tenants(p);
        Map<String, OpenDetections> open = new java.util.HashMap<>();
        for (var t : tenants) open.put(t.id(), OpenDetections.of(c.detections(), t.id()));
        pages.render(ctx, "tenants.jte", chrome(ctx, p, "Tenants", "tenants"),
                Map.of("tenants", tenants, "name", name, "errors", errors, "open", open));
    }

    private void createTenant(Context ctx, Principal p) {
        String name = ctx.formParam("name");
        try {
            Tenant t = c.accounts().createTenant(p, name);
            ctx.redirect("/t/" + t.id() + "/integrations?notice=tenant-created");
        } catch (InvalidInputException e) {
            ctx.status(400);
            showTenants(ctx, p, name == null ? "" : name, e.problems().stream().map(s -> s.substring(s.indexOf(':') + 1).strip()).toList());
        }
    }

    // ---- users -------------------------------------------------------------------------------

    private void users(Context ctx, Principal p) {
        List<User> users = c.accounts().users(p);
        pages.render(ctx, "users.jte", chrome(ctx, p, "Users", "users"), Map.of("users", users, "me", p.user().id()));
    }

    private void showUser(Context ctx, Principal p, UserForm form) {
        pages.render(ctx, "user_form.jte", chrome(ctx, p, form.editing() ? form.username() : "New user", "users"), Map.of("form", form));
    }

    private static Set<String> tenantsOf(Context ctx) {
        return new HashSet<>(ctx.formParams("tenants"));
    }

    private void createUser(Context ctx, Principal p) {
        p.requireAdmin("manage users");
        String username = ctx.formParam("username");
        String role = ctx.formParam("role");
        Set<String> tenants = tenantsOf(ctx);
        try {
            Accounts.WithPassword created = c.accounts().createUser(p, username, role, tenants, ctx.formParam("password"));
            if (created.password() == null) {
                ctx.redirect("/users?notice=user-saved");
            } else {
                showPassword(ctx, p, created.user(), created.password(), true);
            }
        } catch (InvalidInputException e) {
            ctx.status(400);
            showUser(ctx, p, new UserForm(null, username == null ? "" : username, role == null ? "analyst" : role, tenants, false,
                    c.accounts().tenants(p), Map.of()).withErrors(e));
        }
    }

    private void updateUser(Context ctx, Principal p) {
        User target = c.accounts().user(p, ctx.pathParam("userId"));
        String role = ctx.formParam("role");
        Set<String> tenants = tenantsOf(ctx);
        boolean disabled = ctx.formParam("disabled") != null;
        try {
            c.accounts().updateUser(p, target.id(), role, tenants, disabled);
            ctx.redirect("/users?notice=user-saved");
        } catch (InvalidInputException e) {
            ctx.status(400);
            showUser(ctx, p, new UserForm(target, target.username(), role == null ? target.role().id() : role, tenants, disabled,
                    c.accounts().tenants(p), Map.of()).withErrors(e));
        }
    }

    private void resetPassword(Context ctx, Principal p) {
        Accounts.WithPassword reset = c.accounts().resetPassword(p, ctx.pathParam("userId"));
        showPassword(ctx, p, reset.user(), reset.password(), false);
    }

    private void showPassword(Context ctx, Principal p, User u, String password, boolean created) {
        pages.render(ctx, "user_password.jte", chrome(ctx, p, u.username(), "users"), Map.of("user", u, "password", password, "created", created));
    }

    // ---- own account -------------------------------------------------------------------------

    private void showAccount(Context ctx, Principal p, String newToken, String tokenName, List<String> errors) {
        pages.render(ctx, "account.jte", chrome(ctx, p, "Account", "account"), Pages.model("tokens", c.accounts().tokens(p),
                "newToken", newToken, "tokenName", tokenName, "errors", errors, "me", p.user(), "tenants", c.accounts().tenants(p)));
    }

    private void changePassword(Context ctx, Principal p) {
        try {
            c.accounts().changePassword(p, ctx.formParam("currentPassword"), ctx.formParam("newPassword"));
            ctx.redirect("/account?notice=password-changed");
        } catch (InvalidInputException e) {
            ctx.status(400);
            showAccount(ctx, p, null, null, e.problems());
        }
    }

    private void createToken(Context ctx, Principal p) {
        String days = ctx.formParam("expiresInDays");
        try {
            Duration validFor = days == null || days.isBlank() ? null : Duration.ofDays(parseDays(days));
            Accounts.NewToken t = c.accounts().createToken(p, ctx.formParam("name"), validFor);
            showAccount(ctx, p, t.token(), t.info().name(), List.of());
        } catch (InvalidInputException e) {
            ctx.status(400);
            showAccount(ctx, p, null, null, e.problems());
        }
    }

    private static long parseDays(String days) {
        try {
            return Long.parseLong(days.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("expiresInDays: must be a whole number of days");
        }
    }
}
