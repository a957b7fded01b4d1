package io.maillake.web.api;

import io.maillake.domain.IntegrationDraft;
import java.util.List;

/**
 * The body of {@code POST /api/v1/tenants/{tenant}/integrations} and {@code PATCH /api/v1/integrations/{id}}.
 * On a PATCH, absent fields keep their value; secrets left out are kept.
 */
public record IntegrationRequest(String name, String description, String baseUrl, String appId, String appKey,
                                 String accessKey, String secretKey, String clientId, String clientSecret,
                                 List<String> types, Boolean enabled) {

    public IntegrationDraft draft() {
        return new IntegrationDraft(name, description, baseUrl, appId, appKey, accessKey, secretKey, clientId, clientSecret, types, enabled);
    }

    /** Never shows a secret, should this ever reach a log. */
    @Override public String toString() {
        return "IntegrationRequest[name=" + name + ", baseUrl=" + baseUrl + ", appId=" + appId + ", clientId=" + clientId
                + ", types=" + types + ", enabled=" + enabled + ", secrets=***]";
    }
}
