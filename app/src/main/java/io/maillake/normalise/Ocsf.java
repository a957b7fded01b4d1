package io.maillake.normalise;

import io.maillake.domain.EmailEvent;
import io.maillake.mimecast.LogType;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the OCSF 1.7.0 Email Activity event (class 4009) of a row. It uses only the row's values
 * and its raw record, so it can be computed when the lake is read instead of being stored.
 * Every event it builds is validated against the OCSF schema files in the tests.
 */
public final class Ocsf {
    public static final String VERSION = "1.7.0";
    static final int CATEGORY_NETWORK = 4;

    /** OCSF {@code email_t}, as the schema's dictionary defines it; values that do not match are left out of typed fields. */
    private static final Pattern EMAIL = Pattern.compile("[a-zA-Z0-9!#$%&'*+-/=?^_`{|}~.]+@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+");

    /** Record fields each log type maps to typed OCSF attributes; the rest go to {@code unmapped}. */
    private static final Map<LogType, Set<String>> MAPPED = Map.of(
            LogType.URL, Set.of("userEmailAddress", "fromUserEmailAddress", "url", "ttpDefinition", "subject", "action",
                    "scanResult", "date", "route", "messageId"),
            LogType.ATTACHMENT, Set.of("senderAddress", "recipientAddress", "fileName", "fileType", "fileHash", "subject",
                    "messageId", "result", "actionTriggered", "definition", "date", "route"),
            LogType.IMPERSONATION, Set.of("senderAddress", "recipientAddress", "subject", "messageId", "senderIpAddress",
                    "taggedMalicious", "action", "definition", "eventTime"));

    private static final String[] ACTIONS = {"Unknown", "Allowed", "Denied"};
    private static final String[] SEVERITIES = {"Unknown", "Informational", "Low", "Medium", "High", "Critical", "Fatal"};

    private Ocsf() { }

    public static String json(EmailEvent e) {
        return node(e).toString();
    }

    public static ObjectNode node(EmailEvent e) {
        RecordView.Tree record = RecordView.parse(e.raw());
        ObjectNode o = RecordView.JSON.createObjectNode();
        o.put("class_uid", EmailEvent.CLASS_UID);
        o.put("class_name", "Email Activity");
        o.put("category_uid", CATEGORY_NETWORK);
        o.put("category_name", "Network Activity");
        o.put("activity_id", e.activityId());
        o.put("activity_name", "Scan");
        o.put("type_uid", EmailEvent.CLASS_UID * 100L + e.activityId());
        o.put("type_name", "Email Activity: Scan");
        o.put("time", e.time().toEpochMilli());
        o.put("severity_id", e.severityId());
        o.put("severity", SEVERITIES[e.severityId()]);
        o.put("action_id", e.actionId());
        o.put("action", ACTIONS[e.actionId()]);
        o.put("disposition_id", e.dispositionId());
        o.put("disposition", disposition(e.dispositionId()));
        o.put("direction_id", e.direction().ocsfId());
        o.put("direction", e.direction().caption());
        o.put("is_alert", e.severityId() >= Outcome.SEV_HIGH);
        o.put("message", message(e));
        o.set("metadata", metadata(e, record));
        o.set("email", email(e));
        if (e.srcIp() != null) o.putObject("src_endpoint").put("ip", e.srcIp());
        if (e.policy() != null) o.putObject("policy").put("name", e.policy());
        o.set("observables", observables(e));
        ObjectNode unmapped = unmapped(e.logType(), record);
        if (!unmapped.isEmpty()) o.set("unmapped", unmapped);
        o.put("raw_data", e.raw());
        return o;
    }

    /** The label of an event whose record had no readable time (see {@link Normaliser.Context#fallbackTime()}). */
    public static final String TIME_FROM_WINDOW = "time_from_window";

    private static ObjectNode metadata(EmailEvent e, RecordView.Tree record) {
        ObjectNode m = RecordView.JSON.createObjectNode();
        m.put("version", VERSION);
        ObjectNode product = m.putObject("product");
        product.put("name", "Mimecast Email Security");
        product.put("vendor_name", "Mimecast");
        product.putObject("feature").put("name", feature(e.logType()));
        m.put("log_name", "ttp_" + e.logType().id() + "_logs");
        m.put("log_provider", "Mimecast API");
        m.put("uid", e.eventUid());
        m.put("tenant_uid", e.tenantId());
        m.put("logged_time", e.ingestedAt().toEpochMilli());
        String original = record.text(e.logType().timeField());
        if (original != null) m.put("original_time", original);
        m.putArray("profiles").add("security_control");
        ArrayNode labels = m.putArray("labels");
        labels.add("integration:" + e.integrationId());
        // Mimecast gave no time Maillake could read: the event's time is the end of the window it was read in
        if (MimecastTime.parse(original).isEmpty()) labels.add(TIME_FROM_WINDOW);
        return m;
    }

    private static ObjectNode email(EmailEvent e) {
        ObjectNode email = RecordView.JSON.createObjectNode();
        String from = address(e.sender());
        String to = address(e.recipient());
        if (from != null) email.put("from", from);
        if (to != null) email.putArray("to").add(to);
        if (from == null && to == null) {
            // The email object needs a sender or a recipient; a record with neither usable is marked, not dropped.
            email.put("from", "unknown@unknown.invalid");
        }
        if (e.subject() != null) email.put("subject", e.subject());
        if (e.messageId() != null) email.put("message_uid", e.messageId());
        if (e.url() != null) email.putArray("urls").add(url(e.url()));
        if (e.fileName() != null) {
            ObjectNode file = email.putArray("files").addObject();
            file.put("name", e.fileName());
            file.put("type_id", 1);
            file.put("type", "Regular File");
            if (e.fileType() != null) file.put("mime_type", e.fileType());
            if (e.fileSha256() != null) {
                ObjectNode hash = file.putArray("hashes").addObject();
                hash.put("algorithm_id", 3);
                hash.put("algorithm", "SHA-256");
                hash.put("value", e.fileSha256());
            }
        }
        return email;
    }

    private static ObjectNode url(String value) {
        ObjectNode url = RecordView.JSON.createObjectNode();
        url.put("url_string", value);
        try {
            URI uri = new URI(value);
            if (uri.getScheme() != null) url.put("scheme", uri.getScheme());
            if (uri.getHost() != null) url.put("hostname", uri.getHost());
            // java.net.URI takes any number as a port; OCSF port_t is 0..65535
            if (uri.getPort() > 0 && uri.getPort() <= 65_535) url.put("port", uri.getPort());
            if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) url.put("path", uri.getRawPath());
            if (uri.getRawQuery() != null) url.put("query_string", uri.getRawQuery());
        } catch (Exception notAUri) {
            // clicked URLs can be anything; url_string alone is valid
        }
        return url;
    }

    private static ArrayNode observables(EmailEvent e) {
        ArrayNode list = RecordView.JSON.createArrayNode();
        String from = address(e.sender());
        String to = address(e.recipient());
        if (from != null) observable(list, "email.from", 5, "Email Address", from);
        if (to != null) observable(list, "email.to", 5, "Email Address", to);
        if (e.srcIp() != null) observable(list, "src_endpoint.ip", 2, "IP Address", e.srcIp());
        if (e.url() != null) observable(list, "email.urls.url_string", 6, "URL String", e.url());
        if (e.fileName() != null) observable(list, "email.files.name", 7, "File Name", e.fileName());
        if (e.fileSha256() != null) observable(list, "email.files.hashes.value", 8, "Hash", e.fileSha256());
        if (e.messageId() != null) observable(list, "email.message_uid", 42, "Message UID", e.messageId());
        return list;
    }

    private static void observable(ArrayNode list, String name, int typeId, String type, String value) {
        ObjectNode o = list.addObject();
        o.put("name", name);
        o.put("type_id", typeId);
        o.put("type", type);
        o.put("value", value);
    }

    private static ObjectNode unmapped(LogType type, RecordView.Tree record) {
        ObjectNode out = RecordView.JSON.createObjectNode();
        Set<String> mapped = MAPPED.get(type);
        for (Map.Entry<String, JsonNode> member : new LinkedHashSet<>(record.node().properties())) {
            if (!mapped.contains(member.getKey())) out.set(member.getKey(), member.getValue());
        }
        return out;
    }

    /** The bare address of {@code Name <user@domain>} or {@code user@domain}, if it is a valid OCSF email address. */
    static String address(String value) {
        if (value == null) return null;
        String s = value.trim();
        int lt = s.lastIndexOf('<');
        int gt = s.lastIndexOf('>');
        if (lt >= 0 && gt > lt) s = s.substring(lt + 1, gt).trim();
        return EMAIL.matcher(s).matches() ? s : null;
    }

    private static String feature(LogType type) {
        return switch (type) {
            case URL -> "URL Protect";
            case IMPERSONATION -> "Impersonation Protect";
            case ATTACHMENT -> "Attachment Protect";
        };
    }

    private static String disposition(int id) {
        return switch (id) {
            case 1 -> "Allowed";
            case 2 -> "Blocked";
            case 3 -> "Quarantined";
            case 4 -> "Isolated";
            case 18 -> "Tagged";
            case 23 -> "Challenge";
            case 25 -> "Rejected";
            case 27 -> "Error";
            default -> "Unknown";
        };
    }

    private static String message(EmailEvent e) {
        String what = switch (e.logType()) {
            case URL -> "URL click" + (e.url() == null ? "" : " on " + clip(e.url()));
            case ATTACHMENT -> "Attachment" + (e.fileName() == null ? "" : " " + clip(e.fileName()));
            case IMPERSONATION -> "Impersonation check" + (e.sender() == null ? "" : " of mail from " + clip(e.sender()));
        };
        String verdict = e.verdict() == null ? "" : ", verdict " + e.verdict();
        return what + verdict + ": " + ACTIONS[e.actionId()].toLowerCase(java.util.Locale.ROOT);
    }

    private static String clip(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
