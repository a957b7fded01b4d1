package io.maillake.web.api;

import io.maillake.notify.WebhookDraft;

/**
 * The body of {@code PUT /api/v1/tenants/{tenant}/webhook}. The secret is write-only: left out (or
 * empty) it keeps the stored one; {@code removeSecret: true} drops it.
 */
public record WebhookRequest(String url, String secret, Boolean removeSecret, String minSeverity, Boolean enabled) {
    public WebhookDraft draft() {
        return new WebhookDraft(url, secret, removeSecret, minSeverity, enabled);
    }

    /** Never shows the secret or the URL (it may hold the receiver's token), should this ever reach a log. */
    @Override public String toString() {
        return "WebhookRequest[url=***, secret=***, removeSecret=" + removeSecret + ", minSeverity=" + minSeverity + ", enabled=" + enabled + "]";
    }
}
