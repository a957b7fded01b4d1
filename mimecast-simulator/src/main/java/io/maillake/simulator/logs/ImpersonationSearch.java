package io.maillake.simulator.logs;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The impersonation filters of API.md 2.2 that depend on a record's content rather than its
 * {@link io.maillake.simulator.gen.EventHead}: {@code searchField} + {@code query},
 * {@code identifiers} and {@code actions}. All given filters must hold.
 *
 * <ul>
 * <li>{@code query} is matched the way Mimecast plausibly does (its docs do not say): a
 * case-insensitive substring of the chosen field, {@code all} meaning any of senderAddress,
 * recipientAddress, subject and policy. {@code policy} is the record's {@code definition} (the
 * policy definition name, API.md 2.4). A record without the field (a legacy record without
 * {@code subject}) does not match on it. {@code query} is stored lower-cased.</li>
 * <li>{@code identifiers}: the record matches if any of its identifiers is in the list.</li>
 * <li>{@code actions}: the record's {@code action} is in the list.</li>
 * </ul>
 * The identifier and action filters are bit masks over {@link #IDENTIFIERS} and {@link #ACTIONS};
 * {@link #ANY} means no filter. An action mask of 0 (only values the simulator never emits)
 * admits nothing. Immutable.
 */
public record ImpersonationSearch(SearchField field, String query, int identifierMask, int actionMask) {
    public static final int ANY = -1;
    public static final ImpersonationSearch NONE = new ImpersonationSearch(null, null, ANY, ANY);

    /** Every identifier API.md 2.2 lists (API 1.0 doc, then the API 2.0 schema's additions). */
    public static final List<String> IDENTIFIERS = List.of("newly_observed_domain", "internal_user_name",
            "reply_address_mismatch", "targeted_threat_dictionary", "similar_internal_domain", "custom_external_domain",
            "mimecast_external_domain", "advanced_similar_internal_domain", "advanced_custom_external_domain",
            "advanced_mimecast_external_domain", "custom_name_list");

    /** The actions API.md 2.2 lists, also the only ones the simulator emits. */
    public static final List<String> ACTIONS = List.of("none", "hold", "bounce");

    /** The values of {@code searchField} and the record members each searches. */
    public enum SearchField {
        SENDER_ADDRESS("senderAddress", "senderAddress"),
        RECIPIENT_ADDRESS("recipientAddress", "recipientAddress"),
        SUBJECT("subject", "subject"),
        POLICY("policy", "definition"),
        ALL("all", "senderAddress", "recipientAddress", "subject", "definition");

        private final String wireName;
        private final String[] members;

        SearchField(String wireName, String... members) {
            this.wireName = wireName;
            this.members = members;
        }

        public String wireName() {
            return wireName;
        }

        /** The value named case-insensitively, or null. */
        static SearchField byName(String name) {
            for (SearchField f : values()) {
                if (f.wireName.equalsIgnoreCase(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    public ImpersonationSearch {
        if ((field == null) != (query == null)) {
            throw new IllegalArgumentException("searchField and query go together");
        }
        query = query == null ? null : query.toLowerCase(Locale.ROOT);
    }

    public boolean isNone() {
        return field == null && identifierMask == ANY && actionMask == ANY;
    }

    /** Whether a parsed impersonationLogs record passes every given filter. */
    public boolean matches(Map<?, ?> record) {
        return queryMatches(record) && identifiersMatch(record.get("identifiers")) && actionMatches(record.get("action"));
    }

    private boolean queryMatches(Map<?, ?> record) {
        if (field == null) {
            return true;
        }
        for (String member : field.members) {
            if (record.get(member) instanceof String s && s.toLowerCase(Locale.ROOT).contains(query)) {
                return true;
            }
        }
        return false;
    }

    private boolean identifiersMatch(Object identifiers) {
        if (identifierMask == ANY) {
            return true;
        }
        if (identifiers instanceof List<?> list) {
            for (Object id : list) {
                int i = id instanceof String s ? IDENTIFIERS.indexOf(s) : -1;
                if (i >= 0 && (identifierMask & 1 << i) != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean actionMatches(Object action) {
        if (actionMask == ANY) {
            return true;
        }
        int i = action instanceof String s ? ACTIONS.indexOf(s) : -1;
        return i >= 0 && (actionMask & 1 << i) != 0;
    }
}
