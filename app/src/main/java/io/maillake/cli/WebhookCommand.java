package io.maillake.cli;

import io.maillake.Maillake;
import io.maillake.domain.Tenant;
import io.maillake.notify.Webhook;
import io.maillake.notify.WebhookDraft;
import io.maillake.notify.WebhookUrlPolicy;
import io.maillake.notify.Webhooks;
import java.io.PrintWriter;
import java.net.URI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code maillake webhook set|show|test|remove}: a tenant's outbound webhook from the command line, as the console's
 * Webhook page and {@code /api/v1/tenants/{t}/webhook} set it (docs/detections.md, "Outbound webhook").
 */
@Command(name = "webhook", mixinStandardHelpOptions = true, description = "A tenant's outbound webhook for new detections.",
        subcommands = {WebhookCommand.Set.class, WebhookCommand.Show.class, WebhookCommand.Test.class, WebhookCommand.Remove.class})
final class WebhookCommand {
    static final String SECRET_ENV = "MAILLAKE_WEBHOOK_SECRET";

    /** The tenant option every subcommand has. */
    static class TenantOption {
        @Option(names = "--tenant", defaultValue = "default", description = "Tenant id or name (default: ${DEFAULT-VALUE}).")
        String tenant;

        Tenant of(Maillake app) {
            return DomainsCommand.tenant(app, tenant);
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Create or replace the tenant's webhook. A secret left out is kept; the URL must be https:// (see docs/detections.md).")
    static final class Set extends AppCommand {
        @picocli.CommandLine.Mixin TenantOption tenant;

        @Option(names = "--url", required = true, description = "The receiver's URL, e.g. https://soar.example.com/hooks/maillake.")
        String url;

        @Option(names = "--secret", arity = "0..1", fallbackValue = IntegrationCommand.Fields.PROMPT,
                description = "Signing secret (16 to 256 characters). Without a value: prompt. Or set " + SECRET_ENV + ".")
        String secret;

        @Option(names = "--no-secret", description = "Send notifications unsigned (removes a saved secret).")
        boolean noSecret;

        @Option(names = "--min-severity", description = "Notify detections of this severity or higher: informational, low, medium, high, critical (default: medium).")
        String minSeverity;

        @Option(names = "--disabled", description = "Save it switched off (notifications not yet sent are discarded).")
        boolean disabled;

        @Override
        Integer run(Maillake app) {
            Tenant t = tenant.of(app);
            String s = IntegrationCommand.Fields.secret(secret, "--secret (webhook signing secret)",
                    noSecret ? null : environment().get(SECRET_ENV), spec);
            if (noSecret && s != null) {
                throw new io.maillake.domain.InvalidInputException("secret: --no-secret cannot go with --secret or " + SECRET_ENV);
            }
            Webhooks.Saved saved = app.webhooks().save(t.id(), new WebhookDraft(url, s, noSecret ? Boolean.TRUE : null, minSeverity, !disabled));
            out().println((saved.created() ? "created" : "replaced") + " the webhook of tenant " + t.name() + ": " + summary(saved.webhook()));
            out().println("check it with: maillake webhook test --tenant " + t.id());
            out().flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the tenant's webhook (its URL's path and query are not printed) and its notifications.")
    static final class Show extends AppCommand {
        @picocli.CommandLine.Mixin TenantOption tenant;

        @Override
        Integer run(Maillake app) {
            Tenant t = tenant.of(app);
            PrintWriter out = out();
            var hook = app.webhooks().get(t.id());
            if (hook.isEmpty()) {
                out.println("tenant " + t.name() + " has no webhook; set one with: maillake webhook set --url https://...");
            } else {
                Webhook w = hook.get();
                out.println(summary(w));
                out.println("notifications: " + w.pending() + " pending, " + w.delivered() + " delivered, " + w.failed() + " failed");
                if (w.last() != null) {
                    out.println("last attempt: " + w.last().at() + " " + w.last().outcome()
                            + (w.last().httpStatus() == null ? "" : " (HTTP " + w.last().httpStatus() + ")")
                            + (w.last().error() == null ? "" : ": " + w.last().error()));
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, description = "Post a signed test notification now; exits non-zero if it was not delivered.")
    static final class Test extends AppCommand {
        @picocli.CommandLine.Mixin TenantOption tenant;

        @Override
        Integer run(Maillake app) throws InterruptedException {
            Tenant t = tenant.of(app);
            var result = app.webhooks().test(t.id());
            if (result.isEmpty()) throw new io.maillake.domain.InvalidInputException("tenant: " + t.name() + " has no webhook; set one first");
            Webhooks.TestResult r = result.get();
            out().println(r.delivered() ? "delivered (HTTP " + r.httpStatus() + "), delivery " + r.deliveryId()
                    : "not delivered" + (r.httpStatus() == null ? "" : " (HTTP " + r.httpStatus() + ")") + ": " + r.error());
            out().flush();
            return r.delivered() ? 0 : Errors.FAILED;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove the tenant's webhook and its notifications not yet sent.")
    static final class Remove extends AppCommand {
        @picocli.CommandLine.Mixin TenantOption tenant;

        @Override
        Integer run(Maillake app) {
            Tenant t = tenant.of(app);
            if (!app.webhooks().delete(t.id())) throw new io.maillake.domain.InvalidInputException("tenant: " + t.name() + " has no webhook");
            out().println("removed the webhook of tenant " + t.name());
            out().flush();
            return 0;
        }
    }

    /** One line about a webhook; the URL without its path and query, which may hold the receiver's token. */
    static String summary(Webhook w) {
        return WebhookUrlPolicy.redacted(URI.create(w.url())) + "/... " + (w.enabled() ? "enabled" : "disabled")
                + ", " + (w.secretSet() ? "signed" : "unsigned") + ", detections of severity " + w.minSeverity().id() + " or higher";
    }
}
