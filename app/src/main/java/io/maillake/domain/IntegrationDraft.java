package io.maillake.domain;

import io.maillake.mimecast.ApiGeneration;
import io.maillake.mimecast.BaseUrlPolicy;
import io.maillake.mimecast.Credentials;
import io.maillake.mimecast.LogType;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a user submits to add or edit an integration, before validation. Any field may be null.
 * On an edit, null secrets mean "keep the stored ones".
 */
public record IntegrationDraft(String name, String description, String baseUrl, String appId, String appKey,
                               String accessKey, String secretKey, String clientId, String clientSecret,
                               List<String> logTypes, Boolean enabled) {

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern NO_SPACE = Pattern.compile("\\S+");
    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 1000;
    static final int MAX_KEY = 1024;

    /**
     * A draft that passed validation.
     *
     * @param secrets the secrets given; on an edit, those left null keep their stored value
     */
    public record Valid(String name, String description, String baseUrl, ApiGeneration generation, String appId,
                        String clientId, Set<LogType> logTypes, boolean enabled, SecretsPatch secrets) {

        /**
         * The credentials to store: the given secrets over the stored ones.
         *
         * @param stored the current credentials, or null when adding
         */
        public Credentials credentials(Credentials stored) {
            return switch (generation) {
                case API_1 -> {
                    Credentials.Api1 old = stored instanceof Credentials.Api1 a ? a : null;
                    yield new Credentials.Api1(appId,
                            secrets.appKey() != null ? secrets.appKey() : old.appKey(),
                            secrets.accessKey() != null ? secrets.accessKey() : old.accessKey(),
                            secrets.secretKey() != null ? secrets.secretKey() : old.secretKey());
                }
                case API_2 -> {
                    Credentials.Api2 old = stored instanceof Credentials.Api2 a ? a : null;
                    yield new Credentials.Api2(clientId, secrets.clientSecret() != null ? secrets.clientSecret() : old.clientSecret());
                }
            };
        }
    }

    /** Secrets given in a draft; null where none was given. {@link #toString()} shows none of them. */
    public record SecretsPatch(String appKey, String accessKey, String secretKey, String clientSecret) {
        static final SecretsPatch NONE = new SecretsPatch(null, null, null, null);

        @Override public String toString() {
            return "SecretsPatch[appKey=" + (appKey == null ? "-" : "***") + ", accessKey=" + (accessKey == null ? "-" : "***")
                    + ", secretKey=" + (secretKey == null ? "-" : "***") + ", clientSecret=" + (clientSecret == null ? "-" : "***") + "]";
        }
    }

    /**
     * Checks every field and reports every problem at once, each naming its field and what is expected.
     *
     * @param existing the integration being edited, or null when adding one
     * @throws InvalidInputException listing the problems; nothing is saved
     */
    public Valid validate(BaseUrlPolicy policy, Integration existing) {
        List<String> problems = new ArrayList<>();
        String[][] texts = {{"name", name}, {"description", description}, {"baseUrl", baseUrl}, {"appId", appId},
                {"appKey", appKey}, {"accessKey", accessKey}, {"secretKey", secretKey}, {"clientId", clientId},
                {"clientSecret", clientSecret}};
        for (String[] text : texts) {
            // such text cannot be stored as UTF-8: it would come back changed, a secret silently wrong
            if (hasUnpairedSurrogate(text[1])) problems.add(text[0] + ": contains a broken character (an unpaired surrogate); type it again");
        }
        String n = trim(name);
        if (n == null && existing != null) n = existing.name();
        if (n == null) problems.add("name: is required");
        else if (n.length() > MAX_NAME) problems.add("name: must be at most " + MAX_NAME + " characters");
        else if (n.chars().anyMatch(Character::isISOControl)) problems.add("name: must not contain control characters");

        String d = description != null ? description.strip() : existing != null ? existing.description() : "";
        if (d.length() > MAX_DESCRIPTION) problems.add("description: must be at most " + MAX_DESCRIPTION + " characters");

        String url = trim(baseUrl);
        if (url == null && existing != null) url = existing.baseUrl();
        String normalisedUrl = null;
        if (url == null) {
            problems.add("baseUrl: is required, e.g. https://eu-api.mimecast.com (API 1.0) or https://api.services.mimecast.com (API 2.0)");
        } else {
            try {
                normalisedUrl = policy.validate(url).toString();
            } catch (IllegalArgumentException e) {
                problems.add("baseUrl: " + e.getMessage().replaceFirst("^base URL ", ""));
            }
        }

        Set<LogType> types = logTypes == null && existing != null ? existing.logTypes() : parseTypes(logTypes, problems);

        boolean api1Given = anyPresent(appId, appKey, accessKey, secretKey);
        boolean api2Given = anyPresent(clientId, clientSecret);
        ApiGeneration generation;
        SecretsPatch secrets = SecretsPatch.NONE;
        String app = null;
        String client = null;
        if (api1Given && api2Given) {
            problems.add("credentials: give either API 1.0 keys (appId, appKey, accessKey, secretKey) or API 2.0 client "
                    + "credentials (clientId, clientSecret), not both");
            generation = null;
        } else if (api1Given) {
            generation = ApiGeneration.API_1;
            app = trim(appId);
            secrets = api1(existing, problems);
            if (app == null && existing != null) app = existing.appId();
        } else if (api2Given) {
            generation = ApiGeneration.API_2;
            client = trim(clientId);
            secrets = api2(existing, problems);
            if (client == null && existing != null) client = existing.clientId();
        } else if (existing != null) {
            generation = existing.generation();
            app = existing.appId();
            client = existing.clientId();
        } else {
            problems.add("credentials: give API 1.0 keys (appId, appKey, accessKey, secretKey) or API 2.0 client "
                    + "credentials (clientId, clientSecret)");
            generation = null;
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        boolean on = enabled != null ? enabled : existing == null || existing.enabled();
        return new Valid(n, d, normalisedUrl, generation, app, client, types, on, secrets);
    }

    /**
     * API 1.0 keys. Adding needs all four; an edit of an API 1.0 integration may replace only some
     * secrets, but switching from API 2.0 needs all four.
     */
    private SecretsPatch api1(Integration existing, List<String> problems) {
        boolean complete = existing == null || existing.generation() != ApiGeneration.API_1;
        String app = trim(appId);
        String key = trim(appKey);
        String access = trim(accessKey);
        String secret = trim(secretKey);
        if (app == null && complete) problems.add("appId: is required for API 1.0: the application ID, a GUID such as ca16c415-658f-4c87-8fb6-e3e6957771dc");
        else if (app != null && !GUID.matcher(app).matches()) problems.add("appId: must be a GUID such as ca16c415-658f-4c87-8fb6-e3e6957771dc");
        if (key == null && complete) problems.add("appKey: is required for API 1.0: the application key, a GUID");
        else if (key != null && !GUID.matcher(key).matches()) problems.add("appKey: must be a GUID such as ca16c415-658f-4c87-8fb6-e3e6957771dc");
        if (access == null && complete) problems.add("accessKey: is required for API 1.0: the service user's access key");
        else if (access != null && (!NO_SPACE.matcher(access).matches() || access.length() > MAX_KEY)) {
            problems.add("accessKey: must be the access key as Mimecast shows it, without spaces");
        }
        if (secret == null && complete) problems.add("secretKey: is required for API 1.0: the service user's secret key (base64)");
        else if (secret != null && !isBase64(secret)) problems.add("secretKey: must be the secret key as Mimecast shows it: base64, e.g. +2//B9dU...Ygw==");
        return new SecretsPatch(key, access, secret, null);
    }

    private SecretsPatch api2(Integration existing, List<String> problems) {
        boolean complete = existing == null || existing.generation() != ApiGeneration.API_2;
        String id = trim(clientId);
        String secret = trim(clientSecret);
        if (id == null && complete) problems.add("clientId: is required for API 2.0: the client ID of the Mimecast API 2.0 application");
        else if (id != null && (!NO_SPACE.matcher(id).matches() || id.length() > MAX_KEY)) problems.add("clientId: must be the client ID as Mimecast shows it, without spaces");
        if (secret == null && complete) problems.add("clientSecret: is required for API 2.0: the client secret of the Mimecast API 2.0 application");
        else if (secret != null && (!NO_SPACE.matcher(secret).matches() || secret.length() > MAX_KEY)) problems.add("clientSecret: must be the client secret as Mimecast shows it, without spaces");
        return new SecretsPatch(null, null, null, secret);
    }

    private static Set<LogType> parseTypes(List<String> input, List<String> problems) {
        Set<LogType> types = EnumSet.noneOf(LogType.class);
        if (input == null || input.stream().allMatch(s -> s == null || s.isBlank())) {
            problems.add("types: choose at least one of url, impersonation, attachment");
            return types;
        }
        for (String raw : input) {
            if (raw == null || raw.isBlank()) continue;
            Optional<LogType> t = LogType.fromId(raw);
            if (t.isEmpty()) problems.add("types: '" + raw.strip() + "' is not a log type; choose from url, impersonation, attachment");
            else types.add(t.get());
        }
        return types;
    }

    private static boolean isBase64(String s) {
        if (!s.matches("[A-Za-z0-9+/]+={0,2}") || s.length() % 4 != 0 || s.length() > MAX_KEY) return false;
        try {
            return Base64.getDecoder().decode(s).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean hasUnpairedSurrogate(String s) {
        return s != null && s.codePoints().anyMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
    }

    private static boolean anyPresent(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return true;
        return false;
    }

    private static String trim(String s) {
        if (s == null) return null;
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }
}
