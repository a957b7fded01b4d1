package io.maillake.ocsf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The validator against the real OCSF 1.7.0 files. Attribute names and enum values in these events
 * were looked up in testdata/ocsf-schema-1.7.0 (events/network/email_activity.json,
 * events/base_event.json, profiles/security_control.json, objects/*.json, dictionary.json).
 */
class OcsfValidatorTest {
    static final Path SCHEMA = Path.of("..", "testdata", "ocsf-schema-1.7.0");
    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final OcsfValidator OCSF = OcsfValidator.load(SCHEMA);

    /** A Mimecast-style Email Activity "Scan" event: an inbound message whose attachment was held. */
    static final String VALID_EVENT = """
            {
              "activity_id": 3,
              "activity_name": "Scan",
              "category_uid": 4,
              "category_name": "Network Activity",
              "class_uid": 4009,
              "class_name": "Email Activity",
              "type_uid": 400903,
              "type_name": "Email Activity: Scan",
              "severity_id": 4,
              "severity": "High",
              "time": 1718012745000,
              "direction_id": 1,
              "direction": "Inbound",
              "action_id": 2,
              "action": "Denied",
              "disposition_id": 3,
              "disposition": "Quarantined",
              "is_alert": true,
              "status_id": 1,
              "status": "Success",
              "message": "Attachment held: malicious file detected",
              "metadata": {
                "version": "1.7.0",
                "profiles": ["security_control"],
                "product": {
                  "name": "Mimecast Email Security",
                  "vendor_name": "Mimecast",
                  "feature": {"name": "Attachment Protection"}
                },
                "log_name": "attachment protect",
                "original_time": "2024-06-10T09:45:45+0000",
                "logged_time": 1718012800000,
                "tenant_uid": "CDE22A102",
                "uid": "5f0d0c1e-7d1f-4a59-9f5e-0c2b9d6a1b2c"
              },
              "email": {
                "from": "billing@supplier.example",
                "to": ["alice@corp.example", "bob@corp.example"],
                "subject": "Invoice 2024-118",
                "message_uid": "<20240610094512.1234@supplier.example>",
                "size": 48213,
                "urls": [
                  {"url_string": "https://pay.supplier.example/inv?id=118", "hostname": "pay.supplier.example",
                   "scheme": "https", "path": "/inv", "query_string": "id=118"}
                ],
                "files": [
                  {
                    "name": "invoice.pdf.exe",
                    "type_id": 1,
                    "mime_type": "application/x-msdownload",
                    "size": 40960,
                    "hashes": [
                      {"algorithm_id": 3, "algorithm": "SHA-256",
                       "value": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
                      {"algorithm_id": 1, "algorithm": "MD5", "value": "d41d8cd98f00b204e9800998ecf8427e"}
                    ]
                  }
                ]
              },
              "email_auth": {"spf": "pass", "dkim": "pass", "dmarc": "pass"},
              "src_endpoint": {"ip": "203.0.113.7", "hostname": "mta1.supplier.example"},
              "observables": [
                {"name": "src_endpoint.ip", "type_id": 2, "type": "IP Address", "value": "203.0.113.7"},
                {"name": "email.from", "type_id": 5, "type": "Email Address", "value": "billing@supplier.example"},
                {"name": "email.to", "type_id": 5, "type": "Email Address", "value": "alice@corp.example"},
                {"name": "email.subject", "type_id": 40, "value": "Invoice 2024-118"},
                {"name": "email.message_uid", "type_id": 42, "value": "<20240610094512.1234@supplier.example>"},
                {"name": "email.urls.url_string", "type_id": 6, "value": "https://pay.supplier.example/inv?id=118"},
                {"name": "email.files[0].name", "type_id": 7, "value": "invoice.pdf.exe"},
                {"name": "email.files[].hashes[0].value", "type_id": 8,
                 "value": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}
              ],
              "raw_data": "{\\"datetime\\":\\"2024-06-10T09:45:45+0000\\",\\"route\\":\\"inbound\\"}",
              "unmapped": {"mimecast": {"route": "inbound", "results": ["x", 1, null, {"deep": [true]}]}}
            }
            """;

    static ObjectNode validEvent() {
        return (ObjectNode) JSON.readTree(VALID_EVENT);
    }

    /** The smallest event that satisfies every requirement of Email Activity. */
    static ObjectNode minimalEvent() {
        return (ObjectNode) JSON.readTree("""
                {"activity_id": 2, "class_uid": 4009, "category_uid": 4, "type_uid": 400902,
                 "severity_id": 1, "time": 1718012745000, "direction_id": 2,
                 "metadata": {"version": "1.7.0", "product": {"name": "Mimecast Email Security"}},
                 "email": {"to": ["x@partner.example"]}}
                """);
    }

    /** Sets a dotted path (intermediate objects must exist); "email.to[1]" indexes arrays. */
    static ObjectNode with(ObjectNode event, String path, Object value) {
        JsonNode v = value instanceof JsonNode n ? n : JSON.valueToTree(value);
        int dot = path.lastIndexOf('.');
        JsonNode parent = dot < 0 ? event : navigate(event, path.substring(0, dot));
        String last = path.substring(dot + 1);
        if (last.endsWith("]")) {
            int bracket = last.indexOf('[');
            ArrayNode array = (ArrayNode) parent.get(last.substring(0, bracket));
            array.set(Integer.parseInt(last.substring(bracket + 1, last.length() - 1)), v);
        } else {
            ((ObjectNode) parent).set(last, v);
        }
        return event;
    }

    static ObjectNode without(ObjectNode event, String path) {
        int dot = path.lastIndexOf('.');
        JsonNode parent = dot < 0 ? event : navigate(event, path.substring(0, dot));
        ((ObjectNode) parent).remove(path.substring(dot + 1));
        return event;
    }

    static JsonNode navigate(JsonNode node, String dotted) {
        for (String segment : dotted.split("\\.")) {
            int bracket = segment.indexOf('[');
            node = bracket < 0 ? node.get(segment)
                    : node.get(segment.substring(0, bracket))
                            .get(Integer.parseInt(segment.substring(bracket + 1, segment.length() - 1)));
        }
        return node;
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    // ---------------------------------------------------------------------------------------------
    // valid events

    @Test
    void aHandWrittenEmailActivityScanEventIsValidWithoutWarnings() {
        OcsfValidator.Result result = OCSF.check(validEvent());

        assertThat(result.violations()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        assertThatCode(() -> OCSF.assertValid(validEvent())).doesNotThrowAnyException();
    }

    @Test
    void theValidEventDeclaresItsProfileSoTheStrictOcsfServerRulesAcceptItToo() {
        assertThat(OCSF.strictProfiles().validate(validEvent())).isEmpty();
    }

    @Test
    void anEventWithOnlyTheRequiredAttributesIsValidAndTheRecommendedOnesAreReportedSeparately() {
        OcsfValidator.Result result = OCSF.check(minimalEvent());

        assertThat(result.violations()).isEmpty();
        assertThat(result.recommendedMissing()).extracting(s -> s.substring(0, s.indexOf(' ')))
                .contains("src_endpoint", "observables", "email.from", "email.subject", "email.message_uid",
                        "metadata.log_name", "metadata.original_time", "metadata.tenant_uid",
                        "metadata.product.vendor_name")
                .as("security_control is not declared, so its recommended attributes are not asked for")
                .doesNotContain("action_id", "disposition_id");
        assertThat(OCSF.recommendedMissing(minimalEvent())).isEqualTo(result.recommendedMissing());
    }

    @Test
    void unmappedAndJsonAttributesMayHoldAnything() {
        ObjectNode event = validEvent();
        with(event, "unmapped", json("{\"any\": {\"thing\": [1, \"two\", {\"three\": null}]}, \"x\": 1.5}"));
        with(event, "policy", json("{\"name\": \"Block executables\", \"data\": {\"free\": [\"form\", 1]}}"));

        assertThat(OCSF.validate(event)).isEmpty();
    }

    @Test
    void unmappedMustStillBeAJsonObject() {
        assertThat(OCSF.validate(with(validEvent(), "unmapped", "just a string")))
                .containsExactly("unmapped: wrong type; expected object \"object\" (a JSON object), got string"
                        + " \"just a string\"");
    }

    @Test
    void theDatetimeProfileAddsRfc3339SiblingsOfTimestamps() {
        ObjectNode event = with(validEvent(), "time_dt", "2024-06-10T09:45:45.000Z");
        with(event, "metadata.logged_time_dt", "2024-06-10T09:46:40Z");
        with(event, "metadata.profiles", List.of("security_control", "datetime"));

        assertThat(OCSF.strictProfiles().validate(event)).isEmpty();
        assertThat(OCSF.validate(with(event, "time_dt", "10/06/2024 09:45")))
                .containsExactly("time_dt: \"10/06/2024 09:45\" is not a valid datetime_t (Datetime); it does not"
                        + " match the regex of type datetime_t");
    }

    // ---------------------------------------------------------------------------------------------
    // each kind of violation

    @Test
    void aMissingRequiredAttributeIsReportedWithItsPath() {
        ObjectNode event = without(without(validEvent(), "metadata.version"), "severity_id");

        assertThat(OCSF.validate(event)).containsExactlyInAnyOrder(
                "metadata.version: required attribute is missing (required by object \"metadata\")",
                "severity_id: required attribute is missing (required by class \"email_activity\" (4009))");
    }

    @Test
    void requiredAttributesOfNestedObjectsAndArrayElementsAreEnforced() {
        ObjectNode event = without(validEvent(), "email.files[0].hashes[1].algorithm_id");
        without(event, "metadata.product.name");

        assertThat(OCSF.validate(event)).containsExactlyInAnyOrder(
                "email.files[0].hashes[1].algorithm_id: required attribute is missing (required by object"
                        + " \"fingerprint\")",
                "metadata.product: object \"product\" needs at least one of [name, uid] (constraint"
                        + " at_least_one), but none is present");
    }

    @Test
    void aNullRequiredAttributeCountsAsMissing() {
        ObjectNode event = with(validEvent(), "time", JSON.nullNode());

        assertThat(OCSF.validate(event)).containsExactly(
                "time: required attribute is missing (required by class \"email_activity\" (4009))");
        assertThat(OCSF.warnings(event)).containsExactly("time: null value; omit the attribute instead");
    }

    @Test
    void anEnumValueTheClassDoesNotDefineIsReportedWithTheAllowedValues() {
        List<String> violations = OCSF.validate(with(validEvent(), "direction_id", 7));

        assertThat(violations).containsExactly("direction_id: 7 is not a value of enum \"direction_id\"; allowed:"
                + " 0 (Unknown), 1 (Inbound), 2 (Outbound), 3 (Internal), 4 (Local), 99 (Other)");
    }

    @Test
    void theClassActivityEnumIsMergedWithTheBaseEventOne() {
        assertThat(OCSF.validate(with(with(validEvent(), "activity_id", 99), "type_uid", 400999))).isEmpty();
        assertThat(OCSF.validate(with(with(validEvent(), "activity_id", 5), "type_uid", 400905))).isEmpty();
        assertThat(OCSF.validate(with(with(validEvent(), "activity_id", 6), "type_uid", 400906)))
                .containsExactly("activity_id: 6 is not a value of enum \"activity_id\"; allowed: 0 (Unknown),"
                        + " 99 (Other), 1 (Send), 2 (Receive), 3 (Scan), 4 (Trace), 5 (MTA Relay)");
    }

    @Test
    void enumsInNestedObjectsProfilesAndStringEnumsAreChecked() {
        ObjectNode event = with(validEvent(), "disposition_id", 28);
        with(event, "email.files[0].hashes[0].algorithm_id", 18);
        with(event, "osint", json("[{\"type_id\": 1, \"value\": \"203.0.113.7\", \"tlp\": \"PURPLE\"}]"));

        assertThat(OCSF.validate(event)).hasSize(3).anySatisfy(v -> assertThat(v)
                        .startsWith("disposition_id: 28 is not a value of enum \"disposition_id\"; allowed: 0 (Unknown)"))
                .anySatisfy(v -> assertThat(v).startsWith(
                        "email.files[0].hashes[0].algorithm_id: 18 is not a value of enum \"algorithm_id\""))
                .anySatisfy(v -> assertThat(v).startsWith("osint[0].tlp: \"PURPLE\" is not a value of enum \"tlp\";"
                        + " allowed: AMBER (TLP:AMBER), AMBER STRICT (TLP:AMBER+STRICT), CLEAR (TLP:CLEAR)"));
    }

    @Test
    void aStringWhereAnIntegerBelongsIsAWrongType() {
        assertThat(OCSF.validate(with(validEvent(), "severity_id", "4")))
                .containsExactly("severity_id: wrong type; expected integer_t, got string \"4\"");
        assertThat(OCSF.validate(with(validEvent(), "severity_id", 4.0)))
                .containsExactly("severity_id: wrong type; expected integer_t, got float 4.0");
        assertThat(OCSF.validate(with(validEvent(), "severity_id", 1L << 40))).containsExactly("severity_id: wrong"
                + " type; expected integer_t, got integer 1099511627776 (outside the 32-bit integer_t range; use a"
                + " long_t attribute?)");
    }

    @Test
    void anInvalidIpAddressIsRejectedByTheIpTypeRegex() {
        assertThat(OCSF.validate(with(validEvent(), "src_endpoint.ip", "300.1.2.3"))).containsExactly(
                "src_endpoint.ip: \"300.1.2.3\" is not a valid ip_t (IP Address); it does not match the regex of"
                        + " type ip_t");
        assertThat(OCSF.validate(with(validEvent(), "src_endpoint.ip", "mta1.supplier.example"))).hasSize(1);
        assertThat(OCSF.validate(with(validEvent(), "src_endpoint.ip", "2001:db8::7"))).isEmpty();
        assertThat(OCSF.validate(with(validEvent(), "src_endpoint.ip", "::ffff:203.0.113.7"))).isEmpty();
    }

    @Test
    void anInvalidEmailAddressIsRejectedWhereverAnEmailTypeIsExpected() {
        ObjectNode event = with(validEvent(), "email.from", "Billing <billing@supplier.example>");
        with(event, "email.to[1]", "bob");

        assertThat(OCSF.validate(event)).containsExactly(
                "email.from: \"Billing <billing@supplier.example>\" is not a valid email_t (Email Address); it does"
                        + " not match the regex of type email_t",
                "email.to[1]: \"bob\" is not a valid email_t (Email Address); it does not match the regex of type"
                        + " email_t");
    }

    @Test
    void aTimestampMustBeIntegerMillisecondsSinceTheEpoch() {
        assertThat(OCSF.validate(with(validEvent(), "time", "2024-06-10T09:45:45Z"))).containsExactly(
                "time: wrong type; expected timestamp_t (long_t), got string \"2024-06-10T09:45:45Z\""
                        + " (milliseconds since the epoch)");
        assertThat(OCSF.validate(with(validEvent(), "time", 1718012745000.5))).containsExactly(
                "time: wrong type; expected timestamp_t (long_t), got float 1.7180127450005E12"
                        + " (milliseconds since the epoch)");

        ObjectNode seconds = with(validEvent(), "time", 1718012745);
        assertThat(OCSF.validate(seconds)).isEmpty();
        assertThat(OCSF.warnings(seconds)).containsExactly(
                "time: timestamp 1718012745 looks like seconds; timestamp_t is milliseconds since the epoch");
    }

    @Test
    void typeRangesAndFloatsAndBooleansAreChecked() {
        ObjectNode event = with(validEvent(), "src_endpoint.port", 70000);
        with(event, "is_alert", "true");
        with(event, "observables[0].reputation", json("{\"base_score\": 7, \"score_id\": 8}"));
        with(event, "email.files[0].hashes[0].value", "not-hex");

        assertThat(OCSF.validate(event)).containsExactlyInAnyOrder(
                "src_endpoint.port: value 70000 is outside the range 0..65535 of type port_t",
                "is_alert: wrong type; expected boolean_t, got string \"true\"",
                "observables[0].reputation.base_score: wrong type; expected float_t, got integer 7 (write a float,"
                        + " e.g. 7.0)",
                "email.files[0].hashes[0].value: \"not-hex\" is not a valid file_hash_t (Hash); it does not match the"
                        + " regex of type file_hash_t");
    }

    @Test
    void aScalarWhereAnArrayBelongsAndViceVersaAreWrongTypes() {
        ObjectNode event = with(validEvent(), "email.to", "alice@corp.example");
        with(event, "email.from", List.of("billing@supplier.example"));
        with(event, "observables", json("{\"name\": \"src_endpoint.ip\", \"type_id\": 2}"));

        assertThat(OCSF.validate(event)).containsExactlyInAnyOrder(
                "email.to: wrong type; expected an array of email_t, got string \"alice@corp.example\"",
                "email.from: wrong type; expected a single email_t, got an array",
                "observables: wrong type; expected an array of object \"observable\", got an object");
    }

    @Test
    void anObjectWhereAScalarBelongsAndViceVersaAreWrongTypes() {
        ObjectNode event = with(validEvent(), "src_endpoint", "203.0.113.7");
        with(event, "email.subject", json("{\"text\": \"Invoice\"}"));

        assertThat(OCSF.validate(event)).containsExactlyInAnyOrder(
                "src_endpoint: wrong type; expected object \"network_endpoint\" (a JSON object), got string"
                        + " \"203.0.113.7\"",
                "email.subject: wrong type; expected string_t, got an object");
    }

    @Test
    void anAttributeTheClassOrObjectDoesNotDefineIsUnknown() {
        ObjectNode event = with(validEvent(), "mimecast_route", "inbound");
        with(event, "email.spam_score", 5);
        with(event, "email.files[0].hashes[0].sha256", "e3b0");

        assertThat(OCSF.validate(event)).containsExactlyInAnyOrder(
                "mimecast_route: unknown attribute; \"mimecast_route\" is not defined in class \"email_activity\""
                        + " (4009) (put source fields that have no OCSF attribute in \"unmapped\")",
                "email.spam_score: unknown attribute; \"spam_score\" is not defined in object \"email\" (put source"
                        + " fields that have no OCSF attribute in \"unmapped\")",
                "email.files[0].hashes[0].sha256: unknown attribute; \"sha256\" is not defined in object"
                        + " \"fingerprint\" (put source fields that have no OCSF attribute in \"unmapped\")");
    }

    @Test
    void aUserWithNoneOfAccountNameOrUidBreaksTheUserConstraint() {
        ObjectNode event = with(validEvent(), "src_endpoint.owner", json("{\"email_addr\": \"alice@corp.example\"}"));

        assertThat(OCSF.validate(event)).containsExactly("src_endpoint.owner: object \"user\" needs at least one of"
                + " [account, name, uid] (constraint at_least_one), but none is present");
        assertThat(OCSF.validate(with(event, "src_endpoint.owner.name", "alice"))).isEmpty();
        assertThat(OCSF.validate(with(event, "src_endpoint.owner", json("{\"account\": {\"uid\": \"a-1\"}}"))))
                .isEmpty();
    }

    @Test
    void anEmailWithNeitherFromNorToBreaksTheEmailConstraint() {
        ObjectNode event = without(without(validEvent(), "email.from"), "email.to");

        assertThat(OCSF.validate(event)).containsExactly(
                "email: object \"email\" needs at least one of [from, to] (constraint at_least_one), but none is"
                        + " present");
        assertThat(OCSF.validate(without(validEvent(), "email.from"))).isEmpty();
    }

    @Test
    void anObjectCanDropAConstraintItInherits() {
        // file extends _entity (at_least_one name/uid) but declares "constraints": {}
        assertThat(OCSF.schema().object("file").orElseThrow().constraints()).isEmpty();
        assertThat(OCSF.schema().object("product").orElseThrow().constraints())
                .containsExactly(new OcsfSchema.Constraint("at_least_one", List.of("name", "uid")));
    }

    @Test
    void anInconsistentTypeUidIsReportedWithTheExpectedValue() {
        assertThat(OCSF.validate(with(validEvent(), "type_uid", 400901))).containsExactly(
                "type_uid: 400901 is inconsistent; expected class_uid * 100 + activity_id = 4009 * 100 + 3 = 400903");
    }

    @Test
    void aCategoryUidOtherThanTheClassCategoryIsReported() {
        assertThat(OCSF.validate(with(validEvent(), "category_uid", 3))).containsExactly(
                "category_uid: 3 is not the category of class \"email_activity\" (4009); expected 4 (Network Activity)");
    }

    @Test
    void anUnknownClassUidStopsValidation() {
        assertThat(OCSF.validate(with(validEvent(), "class_uid", 4099))).containsExactly(
                "class_uid: unknown class_uid 4099; no event class of OCSF 1.7.0 has this uid (class_uid = category"
                        + " uid * 1000 + class uid), so nothing else was checked");
        assertThat(OCSF.validate(without(validEvent(), "class_uid"))).containsExactly("class_uid: required"
                + " attribute is missing; the event class cannot be determined, so nothing else was checked");
        assertThat(OCSF.validate(with(validEvent(), "class_uid", "4009"))).containsExactly("class_uid: wrong type;"
                + " expected integer_t, got string \"4009\"; the event class cannot be determined, so nothing else"
                + " was checked");
        assertThat(OCSF.validate(json("[1, 2]"))).containsExactly("$: an OCSF event must be a JSON object, got an"
                + " array");
    }

    @Test
    void assertValidListsEveryViolation() {
        ObjectNode event = with(without(validEvent(), "severity_id"), "direction_id", "Inbound");

        assertThatThrownBy(() -> OCSF.assertValid(event))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("OCSF event is not valid against OCSF 1.7.0 (2 violations):")
                .hasMessageContaining("\n  - direction_id: wrong type; expected integer_t, got string \"Inbound\"")
                .hasMessageContaining("\n  - severity_id: required attribute is missing");
    }

    // ---------------------------------------------------------------------------------------------
    // profiles, metadata and observables

    @Test
    void profileAttributesAreAllowedButUndeclaredProfilesAreWarnedAboutAndStrictModeRejectsThem() {
        ObjectNode event = without(validEvent(), "metadata.profiles");

        assertThat(OCSF.validate(event)).isEmpty();
        assertThat(OCSF.warnings(event)).contains(
                "action_id: \"action_id\" belongs to profile \"security_control\", which metadata.profiles does not"
                        + " declare");
        assertThat(OCSF.strictProfiles().validate(event)).contains(
                "disposition_id: unknown attribute; \"disposition_id\" belongs to profile \"security_control\", which"
                        + " metadata.profiles does not declare (add \"security_control\" to metadata.profiles)");
    }

    @Test
    void declaringAProfileMakesItsRequiredAttributesRequired() {
        ObjectNode event = with(validEvent(), "metadata.profiles", List.of("security_control", "cloud"));

        assertThat(OCSF.validate(event)).containsExactly(
                "cloud: required attribute is missing (required by class \"email_activity\" (4009), profile"
                        + " \"cloud\")");
        assertThat(OCSF.validate(with(event, "cloud", json("{\"provider\": \"Mimecast\"}")))).isEmpty();
    }

    @Test
    void anUnknownProfileNameIsAViolation() {
        assertThat(OCSF.validate(with(validEvent(), "metadata.profiles", List.of("security_control", "mimecast"))))
                .singleElement().asString()
                .startsWith("metadata.profiles[1]: unknown profile \"mimecast\"; OCSF 1.7.0 defines [cloud, container,");
    }

    @Test
    void metadataVersionMustBeASchemaVersionNoNewerThanTheSchema() {
        assertThat(OCSF.validate(with(validEvent(), "metadata.version", "1.8.0"))).containsExactly(
                "metadata.version: \"1.8.0\" is newer than the schema used to validate (1.7.0)");
        assertThat(OCSF.validate(with(validEvent(), "metadata.version", "v1.7"))).containsExactly(
                "metadata.version: \"v1.7\" is not an OCSF version such as \"1.7.0\"");
        ObjectNode older = with(validEvent(), "metadata.version", "1.6.0");
        assertThat(OCSF.validate(older)).isEmpty();
        assertThat(OCSF.warnings(older)).containsExactly(
                "metadata.version: \"1.6.0\" differs from the schema used to validate (1.7.0)");
    }

    @Test
    void anObservableNameMustPointAtAnAttributeOfTheClassAndItsTypeIdShouldFit() {
        ObjectNode event = with(validEvent(), "observables[0].name", "sender.ip");
        with(event, "observables[1].type_id", 4);
        with(event, "observables[2].type_id", 1000);

        assertThat(OCSF.validate(event)).hasSize(2)
                .contains("observables[0].name: \"sender.ip\" does not refer to an attribute path of class"
                        + " \"email_activity\" (4009)")
                .anySatisfy(v -> assertThat(v).startsWith(
                        "observables[2].type_id: 1000 is not a value of enum \"type_id\"; allowed: 0 (Unknown)"));
        assertThat(OCSF.warnings(event)).contains("observables[1].type_id: 4 but \"email.from\" is observable type 5"
                + " (Email Address)");
    }

    @Test
    void deprecatedAttributesAreAllowedWithAWarning() {
        ObjectNode event = with(validEvent(), "email.smtp_from", "bounce@supplier.example");

        assertThat(OCSF.validate(event)).isEmpty();
        assertThat(OCSF.warnings(event)).containsExactly("email.smtp_from: attribute \"smtp_from\" of object"
                + " \"email\" is deprecated: Use the from attribute instead. (deprecated since 1.4.0)");
    }

    @Test
    void aSiblingLabelThatContradictsItsIdIsAWarning() {
        ObjectNode event = with(with(validEvent(), "direction", "Outbound"), "type_name", "Email Activity: Send");

        assertThat(OCSF.validate(event)).isEmpty();
        assertThat(OCSF.warnings(event)).containsExactlyInAnyOrder(
                "direction: \"Outbound\" does not match the caption \"Inbound\" of direction_id 1",
                "type_name: \"Email Activity: Send\" does not match the caption \"Email Activity: Scan\" of type_uid"
                        + " 400903");
    }

    @Test
    void constraintsMayNameNestedAttributePaths() {
        // evidence_info (a discovery class) needs one of device.hostname / device.mac / device.name
        OcsfSchema.Entity evidence = OCSF.schema().classByName("evidence_info").orElseThrow();
        ObjectNode event = JSON.createObjectNode();
        event.put("class_uid", evidence.classUid());
        event.set("device", json("{\"ip\": \"10.0.0.1\"}"));
        String broken = "$: class \"evidence_info\" (" + evidence.classUid() + ") needs at least one of"
                + " [device.hostname, device.mac, device.name] (constraint at_least_one), but none is present";

        assertThat(OCSF.validate(event)).contains(broken);
        assertThat(OCSF.validate(with(event, "device.hostname", "ws-17"))).doesNotContain(broken);
    }

    // ---------------------------------------------------------------------------------------------
    // the compiled schema, loading and speed

    @Test
    void emailActivityIsClass4009InTheNetworkCategoryAndExtendsTheBaseEvent() {
        OcsfSchema schema = OCSF.schema();
        OcsfSchema.Entity email = schema.classByUid(4009).orElseThrow();

        assertThat(schema.version()).isEqualTo("1.7.0");
        assertThat(email.name()).isEqualTo("email_activity");
        assertThat(email.categoryUid()).isEqualTo(4);
        assertThat(email.attributes()).containsKeys("time", "metadata", "severity_id", "unmapped", "raw_data",
                "email", "direction_id", "action_id", "disposition_id", "cloud", "osint", "time_dt");
        assertThat(schema.attributeAt(4009, "email.files[].hashes.value").orElseThrow().type())
                .isEqualTo("file_hash_t");
        assertThat(schema.classByUid(0).orElseThrow().name()).isEqualTo("base_event");
        assertThat(schema.classes()).hasSizeGreaterThan(70);
    }

    @Test
    void theOnlySchemaInconsistencyIsTheKnownUpstreamOne() {
        assertThat(OCSF.schema().problems()).containsExactly("class \"event_log_actvity\" (1008) constraint"
                + " at_least_one names undefined attribute log_file");
    }

    @Test
    void loadingTheSchemaTwiceGivesTheSameResult() {
        assertThat(OcsfValidator.load(SCHEMA)).isSameAs(OCSF);
        assertThat(OcsfValidator.load(SCHEMA.toAbsolutePath())).isSameAs(OCSF);

        OcsfSchema first = OcsfSchema.load(SCHEMA);
        OcsfSchema second = OcsfSchema.load(SCHEMA);
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint()).isEqualTo(OCSF.schema().fingerprint());

        ObjectNode broken = with(without(validEvent(), "time"), "email.to[0]", "nobody");
        assertThat(OcsfValidator.of(second).check(broken)).isEqualTo(OcsfValidator.of(first).check(broken))
                .isEqualTo(OCSF.check(broken));
    }

    @Test
    void loadingTheSchemaTakesWellUnderASecond() {
        long start = System.nanoTime();
        OcsfSchema.load(SCHEMA);
        long millis = (System.nanoTime() - start) / 1_000_000;

        // ~60 ms once the JVM is warm; the bound only guards against pathological regressions on slow CI
        assertThat(millis).isLessThan(1_000);
    }

    @Test
    void validatingTenThousandEventsTakesWellUnderAFewSeconds() {
        ObjectNode template = validEvent();
        List<JsonNode> events = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ObjectNode event = template.deepCopy();
            with(event, "time", 1718012745000L + i);
            with(event, "email.subject", "Invoice " + i);
            with(event, "src_endpoint.ip", "203.0." + (i / 256 % 256) + "." + (i % 256));
            events.add(event);
        }

        long start = System.nanoTime();
        int invalid = 0;
        for (JsonNode event : events) {
            invalid += OCSF.validate(event).isEmpty() ? 0 : 1;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(invalid).isZero();
        assertThat(millis).isLessThan(3_000);
    }
}
