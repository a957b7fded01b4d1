package io.maillake.web.ui;

import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.domain.InvalidInputException;
import io.maillake.mimecast.ApiGeneration;
import io.maillake.mimecast.LogType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The add and edit form of a Mimecast integration, with the errors of the last attempt by field.
 * Secrets are never put back into the form: after an error they must be typed again, and when
 * editing, an empty secret field keeps the stored secret.
 *
 * @param generation "1" (API 1.0 keys) or "2" (API 2.0 client credentials)
 * @param existing   the integration being edited, or null when adding
 */
public record IntegrationForm(String action, Integration existing, String name, String description, String baseUrl,
                              String generation, String appId, String clientId, Set<String> types, boolean enabled,
                              Map<String, List<String>> errors) {
    static final List<String> FIELDS = List.of("name", "description", "baseUrl", "appId", "appKey", "accessKey", "secretKey",
            "clientId", "clientSecret", "types");

    /** Known API base URLs, offered as suggestions (API.md section 5). */
    public static final List<String> BASE_URLS = List.of("https://api.services.mimecast.com", "https://us-api.services.mimecast.com",
            "https://uk-api.services.mimecast.com", "https://eu-api.mimecast.com", "https://de-api.mimecast.com",
            "https://us-api.mimecast.com", "https://usb-api.mimecast.com", "https://ca-api.mimecast.com",
            "https://za-api.mimecast.com", "https://au-api.mimecast.com", "https://je-api.mimecast.com",
            "https://uspcom-api.mimecast-pscom-us.com");

    static IntegrationForm blank(String action) {
        return new IntegrationForm(action, null, "", "", "", "2", "", "",
                Set.of("url", "impersonation", "attachment"), true, Map.of());
    }

    static IntegrationForm of(String action, Integration i) {
        return new IntegrationForm(action, i, i.name(), i.description(), i.baseUrl(), i.generation() == ApiGeneration.API_1 ? "1" : "2",
                i.appId() == null ? "" : i.appId(), i.clientId() == null ? "" : i.clientId(),
                Set.copyOf(i.logTypes().stream().map(LogType::id).toList()), i.enabled(), Map.of());
    }

    /** The form as submitted, keeping what the user typed except secrets. */
    static IntegrationForm submitted(String action, Integration existing, Submission s, InvalidInputException e) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (String p : e.problems()) {
            String field = InvalidInputException.fieldOf(p);
            String key = FIELDS.contains(field) ? field : "general";
            errors.computeIfAbsent(key, k -> new ArrayList<>()).add(FIELDS.contains(field) ? p.substring(field.length() + 1).strip() : p);
        }
        return new IntegrationForm(action, existing, nz(s.name()), nz(s.description()), nz(s.baseUrl()), s.api1() ? "1" : "2",
                nz(s.appId()), nz(s.clientId()), Set.copyOf(s.types()), s.enabled(), errors);
    }

    /**
     * What the form posted. Only the fields of the chosen API generation are used; the others may
     * hold leftovers from switching back and forth.
     */
    record Submission(String name, String description, String baseUrl, boolean api1, String appId, String appKey,
                      String accessKey, String secretKey, String clientId, String clientSecret, List<String> types, boolean enabled) {
        IntegrationDraft draft() {
            return new IntegrationDraft(name, description, baseUrl, api1 ? appId : null, api1 ? appKey : null, api1 ? accessKey : null,
                    api1 ? secretKey : null, api1 ? null : clientId, api1 ? null : clientSecret, types, enabled);
        }

        @Override public String toString() { return "Submission[name=" + name + ", secrets=***]"; }
    }

    public boolean editing() { return existing != null; }
    public boolean api1() { return "1".equals(generation); }
    public boolean checked(String type) { return types.contains(type); }
    public boolean has(String field) { return errors.containsKey(field); }
    public List<String> errorsOf(String field) { return errors.getOrDefault(field, List.of()); }
    public boolean hasErrors() { return !errors.isEmpty(); }
    /** Whether the stored secrets of this generation may be kept by leaving their fields empty. */
    public boolean keepsSecrets(String gen) {
        return existing != null && (existing.generation() == ApiGeneration.API_1 ? "1" : "2").equals(gen);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
