package io.maillake.ocsf;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.maillake.ocsf.OcsfSchema.Attribute;
import io.maillake.ocsf.OcsfSchema.Constraint;
import io.maillake.ocsf.OcsfSchema.Entity;
import io.maillake.ocsf.OcsfSchema.EnumValue;
import io.maillake.ocsf.OcsfSchema.Requirement;
import io.maillake.ocsf.OcsfSchema.TypeDef;
import tools.jackson.databind.JsonNode;

/**
 * Validates OCSF events against the official schema data files (see {@link OcsfSchema} for how the
 * files are compiled). Everything it knows comes from those files; nothing about a particular
 * event class is hard-coded.
 *
 * <pre>{@code
 * OcsfValidator ocsf = OcsfValidator.load(Path.of("..", "testdata", "ocsf-schema-1.7.0"));
 * ocsf.assertValid(event);                        // AssertionError listing every violation
 * List<String> problems = ocsf.validate(event);   // empty = valid
 * }</pre>
 *
 * <p>Messages start with the JSON path of the offending value ({@code email.to[1]}, {@code
 * metadata.product}; {@code $} is the event itself).
 *
 * <h2>What is a violation</h2>
 * <ul>
 *   <li>the event is not a JSON object; {@code class_uid} missing, not an integer, or not a class
 *       of this schema (validation stops there);
 *   <li>a required attribute missing or null (in the event and in every nested object present);
 *   <li>an attribute the class/object does not define ("unknown attribute"), except inside json_t
 *       values and objects with no attributes at all (type {@code object}: {@code unmapped},
 *       {@code xattributes}), which may hold anything;
 *   <li>wrong JSON type for the attribute's type; an array where a single value is expected or vice
 *       versa; a string failing its type's {@code regex}/{@code max_len}; a number outside its
 *       type's {@code range}; a boolean outside {@code values};
 *   <li>an enum attribute holding a value its (merged) enum does not define;
 *   <li>an {@code at_least_one}/{@code just_one} constraint of the class or an object failing;
 *   <li>{@code category_uid} not the class's category, {@code type_uid != class_uid * 100 +
 *       activity_id};
 *   <li>{@code metadata.version} not semantic-versioned or newer than the schema;
 *       {@code metadata.profiles} naming an undefined profile;
 *   <li>{@code observables[].name} not naming an attribute path of the class;
 *   <li>with {@link #strictProfiles()} only: using an attribute that comes from a profile the event
 *       does not declare in {@code metadata.profiles} (the OCSF server's behaviour).
 * </ul>
 *
 * <h2>Warnings (never violations)</h2>
 * deprecated classes/objects/attributes/enum values, a {@code _name}-style sibling that does not
 * match its enum caption, profile attributes used without declaring the profile (non-strict mode),
 * null values, a {@code metadata.version} other than the schema's, timestamps that look like
 * seconds rather than milliseconds, an observable {@code type_id} that differs from the type the
 * schema assigns to the attribute its {@code name} points at.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class OcsfValidator {

    /** The full outcome of checking one event. */
    public record Result(List<String> violations, List<String> warnings, List<String> recommendedMissing) {
        public boolean isValid() {
            return violations.isEmpty();
        }
    }

    private static final ConcurrentMap<Path, OcsfValidator> CACHE = new ConcurrentHashMap<>();
    private static final Pattern SEMVER = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)(?:-dev|-rc\\.\\d+)?$");
    /** Timestamps below this (1973-03-03 in milliseconds) are almost certainly seconds. */
    private static final long PLAUSIBLE_MILLIS = 100_000_000_000L;
    private static final int MAX_ENUM_LISTED = 40;
    private static final Attribute[] NO_ATTRIBUTES = {};

    private final OcsfSchema schema;
    private final boolean strictProfiles;
    /** Per class/object: the attributes whose absence matters (required or recommended). */
    private final Map<Entity, Attribute[]> nonOptional;
    private volatile OcsfValidator strictVariant;

    private OcsfValidator(OcsfSchema schema, boolean strictProfiles, Map<Entity, Attribute[]> nonOptional) {
        this.schema = schema;
        this.strictProfiles = strictProfiles;
        this.nonOptional = nonOptional;
    }

    private OcsfValidator(OcsfSchema schema) {
        this(schema, false, nonOptional(schema));
    }

    private static Map<Entity, Attribute[]> nonOptional(OcsfSchema schema) {
        Map<Entity, Attribute[]> result = new IdentityHashMap<>();
        for (Entity e : schema.classes().values()) {
            result.put(e, e.attributes().values().stream()
                    .filter(a -> a.requirement() != Requirement.OPTIONAL).toArray(Attribute[]::new));
        }
        for (Entity e : schema.objects().values()) {
            result.put(e, e.attributes().values().stream()
                    .filter(a -> a.requirement() != Requirement.OPTIONAL).toArray(Attribute[]::new));
        }
        return result;
    }

    /**
     * Loads (once per directory; later calls return the cached instance) the schema at
     * {@code schemaDir}, e.g. {@code Path.of("..", "testdata", "ocsf-schema-1.7.0")}.
     */
    public static OcsfValidator load(Path schemaDir) {
        return CACHE.computeIfAbsent(schemaDir.toAbsolutePath().normalize(),
                dir -> new OcsfValidator(OcsfSchema.load(dir)));
    }

    /** A validator over an already compiled schema (bypasses the cache). */
    public static OcsfValidator of(OcsfSchema schema) {
        return new OcsfValidator(schema);
    }

    /**
     * The same validator, but profile attributes (e.g. {@code action_id}, {@code disposition_id}
     * from {@code security_control}) are unknown attributes unless their profile is listed in
     * {@code metadata.profiles} — what the OCSF server's validator does.
     */
    public OcsfValidator strictProfiles() {
        if (strictProfiles) {
            return this;
        }
        OcsfValidator v = strictVariant;
        if (v == null) {
            v = new OcsfValidator(schema, true, nonOptional);
            strictVariant = v;
        }
        return v;
    }

    public OcsfSchema schema() {
        return schema;
    }

    /** Violations; empty means the event is valid. */
    public List<String> validate(JsonNode event) {
        Run run = new Run(false);
        run.event(event);
        return List.copyOf(run.errors);
    }

    /** Non-fatal findings (deprecations, sibling captions, undeclared profiles, ...). */
    public List<String> warnings(JsonNode event) {
        return check(event).warnings();
    }

    /** Paths of recommended attributes that are absent (in the event and in nested objects present). */
    public List<String> recommendedMissing(JsonNode event) {
        return check(event).recommendedMissing();
    }

    /** Violations, warnings and missing recommended attributes in one pass. */
    public Result check(JsonNode event) {
        Run run = new Run(true);
        run.event(event);
        return new Result(List.copyOf(run.errors), List.copyOf(run.warnings), List.copyOf(run.recommended));
    }

    /** Throws an {@link AssertionError} listing every violation, if there is any. */
    public void assertValid(JsonNode event) {
        List<String> violations = validate(event);
        if (!violations.isEmpty()) {
            String json = String.valueOf(event);
            if (json.length() > 2000) {
                json = json.substring(0, 2000) + "...";
            }
            throw new AssertionError("OCSF event is not valid against OCSF " + schema.version() + " ("
                    + violations.size() + " violation" + (violations.size() == 1 ? "" : "s") + "):\n  - "
                    + String.join("\n  - ", violations) + "\nevent: " + json);
        }
    }

    // ------------------------------------------------------------------------------------------

    /** A JSON path built only when a message needs it ({@code email.files[0].name}). */
    private static final class JPath {
        static final JPath ROOT = new JPath(null, null, -1);
        final JPath parent;
        final String key;
        final int index;

        JPath(JPath parent, String key, int index) {
            this.parent = parent;
            this.key = key;
            this.index = index;
        }

        JPath child(String name) {
            return new JPath(this, name, -1);
        }

        JPath at(int i) {
            return new JPath(this, null, i);
        }

        boolean isRoot() {
            return parent == null;
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "";
            }
            String prefix = parent.toString();
            if (key == null) {
                return prefix + "[" + index + "]";
            }
            return prefix.isEmpty() ? key : prefix + "." + key;
        }

        /** For messages about the object itself: "$" for the event. */
        String orRoot() {
            return isRoot() ? "$" : toString();
        }
    }

    private final class Run {
        final boolean full;
        final List<String> errors = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<String> recommended = new ArrayList<>();
        Set<String> declaredProfiles = Set.of();

        Run(boolean full) {
            this.full = full;
        }

        void event(JsonNode event) {
            if (event == null || !event.isObject()) {
                errors.add("$: an OCSF event must be a JSON object, got " + describe(event));
                return;
            }
            JsonNode classUid = event.get("class_uid");
            if (absent(classUid)) {
                errors.add("class_uid: required attribute is missing; the event class cannot be determined,"
                        + " so nothing else was checked");
                return;
            }
            if (!classUid.isIntegralNumber() || !classUid.canConvertToInt()) {
                errors.add("class_uid: wrong type; expected integer_t, got " + describe(classUid)
                        + "; the event class cannot be determined, so nothing else was checked");
                return;
            }
            Entity cls = schema.classByUid(classUid.intValue()).orElse(null);
            if (cls == null) {
                errors.add("class_uid: unknown class_uid " + classUid.intValue() + "; no event class of OCSF "
                        + schema.version() + " has this uid (class_uid = category uid * 1000 + class uid), so"
                        + " nothing else was checked");
                return;
            }
            declaredProfiles = declaredProfiles(event);
            if (full && cls.deprecated() != null) {
                warnings.add("$: " + cls.label() + " is deprecated: " + cls.deprecated());
            }
            entity(event, cls, JPath.ROOT);
            classification(event, cls);
            version(event);
            observables(event, cls);
        }

        private Set<String> declaredProfiles(JsonNode event) {
            JsonNode profiles = event.path("metadata").path("profiles");
            if (!profiles.isArray() || profiles.isEmpty()) {
                return Set.of();
            }
            Set<String> declared = new HashSet<>();
            for (int i = 0; i < profiles.size(); i++) {
                JsonNode p = profiles.get(i);
                if (p.isString()) {
                    if (schema.profiles().contains(p.asString())) {
                        declared.add(p.asString());
                    } else {
                        errors.add("metadata.profiles[" + i + "]: unknown profile \"" + p.asString() + "\"; OCSF "
                                + schema.version() + " defines " + schema.profiles());
                    }
                }
            }
            return declared;
        }

        private boolean gated(Attribute a) {
            return a.profile() != null && !declaredProfiles.contains(a.profile());
        }

        void entity(JsonNode node, Entity e, JPath path) {
            if (e.attributes().isEmpty()) {
                return; // an object with no attributes (type "object") is open: anything goes
            }
            for (Map.Entry<String, JsonNode> p : node.properties()) {
                String key = p.getKey();
                JsonNode value = p.getValue();
                Attribute a = e.attributes().get(key);
                if (a == null) {
                    errors.add(path.child(key) + ": unknown attribute; \"" + key + "\" is not defined in "
                            + e.label() + " (put source fields that have no OCSF attribute in \"unmapped\")");
                    continue;
                }
                if (gated(a)) {
                    String why = "\"" + key + "\" belongs to profile \"" + a.profile()
                            + "\", which metadata.profiles does not declare";
                    if (strictProfiles) {
                        errors.add(path.child(key) + ": unknown attribute; " + why + " (add \"" + a.profile()
                                + "\" to metadata.profiles)");
                        continue;
                    }
                    if (full) {
                        warnings.add(path.child(key) + ": " + why);
                    }
                }
                if (value.isNull()) {
                    if (full) {
                        warnings.add(path.child(key) + ": null value; omit the attribute instead");
                    }
                    continue;
                }
                if (full && a.deprecated() != null) {
                    warnings.add(path.child(key) + ": attribute \"" + key + "\" of " + e.label()
                            + " is deprecated: " + a.deprecated());
                }
                value(value, a, path, key);
                if (full && a.sibling() != null && !a.enumValues().isEmpty()) {
                    sibling(node, value, a, path);
                }
            }
            for (Attribute a : nonOptional.getOrDefault(e, NO_ATTRIBUTES)) {
                if (gated(a) || !absent(node.get(a.name()))) {
                    continue;
                }
                String by = e.label() + (a.profile() == null ? "" : ", profile \"" + a.profile() + "\"");
                if (a.requirement() == Requirement.REQUIRED) {
                    errors.add(path.child(a.name()) + ": required attribute is missing (required by " + by + ")");
                } else if (full) {
                    recommended.add(path.child(a.name()) + " (recommended by " + by + ")");
                }
            }
            for (Constraint c : e.constraints()) {
                int present = 0;
                for (String name : c.attributes()) {
                    present += present(node, name) ? 1 : 0;
                }
                if (c.kind().equals("at_least_one") && present == 0) {
                    errors.add(path.orRoot() + ": " + e.label() + " needs at least one of " + c.attributes()
                            + " (constraint at_least_one), but none is present");
                } else if (c.kind().equals("just_one") && present != 1) {
                    List<String> found = c.attributes().stream().filter(n -> present(node, n)).toList();
                    errors.add(path.orRoot() + ": " + e.label() + " needs exactly one of " + c.attributes()
                            + " (constraint just_one), but " + (found.isEmpty() ? "none is" : found + " are")
                            + " present");
                }
            }
        }

        void value(JsonNode v, Attribute a, JPath parent, String key) {
            if (a.array()) {
                if (!v.isArray()) {
                    errors.add(parent.child(key) + ": wrong type; expected an array of " + a.typeLabel() + ", got "
                            + describe(v));
                    return;
                }
                JPath path = parent.child(key);
                for (int i = 0; i < v.size(); i++) {
                    JsonNode element = v.get(i);
                    if (element.isNull()) {
                        errors.add(path.at(i) + ": null array element; expected " + a.typeLabel());
                    } else {
                        single(element, a, path.at(i));
                    }
                }
                return;
            }
            if (v.isArray()) {
                errors.add(parent.child(key) + ": wrong type; expected a single " + a.typeLabel() + ", got an array");
                return;
            }
            single(v, a, parent.child(key));
        }

        void single(JsonNode v, Attribute a, JPath path) {
            if (a.isObject()) {
                if (!v.isObject()) {
                    errors.add(path + ": wrong type; expected " + a.typeLabel() + " (a JSON object), got "
                            + describe(v));
                    return;
                }
                Entity object = schema.objects().get(a.objectType());
                if (object == null) {
                    errors.add(path + ": schema problem: object \"" + a.objectType() + "\" is not defined");
                    return;
                }
                if (full && object.deprecated() != null) {
                    warnings.add(path + ": " + object.label() + " is deprecated: " + object.deprecated());
                }
                entity(v, object, path);
                return;
            }
            if (primitive(v, a, path)) {
                enumeration(v, a, path);
            }
        }

        /** Type check against the dictionary type and its base type; false if the JSON type is wrong. */
        boolean primitive(JsonNode v, Attribute a, JPath path) {
            TypeDef t = schema.types().get(a.type());
            TypeDef base = t == null ? null : schema.types().get(t.base());
            if (t == null || base == null) {
                errors.add(path + ": schema problem: type \"" + a.type() + "\" is not defined in dictionary.json");
                return false;
            }
            boolean ok = switch (base.name()) {
                case "json_t" -> true;
                case "string_t" -> v.isString();
                case "integer_t" -> v.isIntegralNumber() && v.canConvertToInt();
                case "long_t" -> v.isIntegralNumber() && v.canConvertToLong();
                case "float_t" -> v.isFloatingPointNumber();
                case "boolean_t" -> v.isBoolean();
                default -> {
                    errors.add(path + ": schema problem: unsupported primitive type \"" + base.name() + "\"");
                    yield false;
                }
            };
            if (!ok) {
                String expected = t == base ? t.name() : t.name() + " (" + base.name() + ")";
                String hint = switch (base.name()) {
                    case "integer_t" -> v.isIntegralNumber()
                            ? " (outside the 32-bit integer_t range; use a long_t attribute?)" : "";
                    case "float_t" -> v.isIntegralNumber() ? " (write a float, e.g. " + v.asString() + ".0)" : "";
                    case "long_t" -> t.name().equals("timestamp_t") ? " (milliseconds since the epoch)" : "";
                    default -> "";
                };
                errors.add(path + ": wrong type; expected " + expected + ", got " + describe(v) + hint);
                return false;
            }
            if (base.name().equals("json_t")) {
                return true;
            }
            boolean good = typeConstraints(v, t, t, path);
            if (t != base) {
                good &= typeConstraints(v, t, base, path);
            }
            if (full && t.name().equals("timestamp_t")) {
                long ms = v.longValue();
                if (ms < 0) {
                    warnings.add(path + ": timestamp " + ms + " is before 1970");
                } else if (ms < PLAUSIBLE_MILLIS) {
                    warnings.add(path + ": timestamp " + ms
                            + " looks like seconds; timestamp_t is milliseconds since the epoch");
                }
            }
            return good;
        }

        /** max_len, regex, range and values of {@code d} (the attribute's type {@code t} or its base). */
        private boolean typeConstraints(JsonNode v, TypeDef t, TypeDef d, JPath path) {
            boolean good = true;
            if (d.maxLen() != null && v.isString()) {
                String s = v.asString();
                int length = s.codePointCount(0, s.length());
                if (length > d.maxLen()) {
                    errors.add(path + ": " + quote(s) + " is " + length + " characters long; type " + d.name()
                            + " allows at most " + d.maxLen());
                    good = false;
                }
            }
            if (d.regex() != null && v.isString() && !d.regex().matcher(v.asString()).find()) {
                errors.add(path + ": " + quote(v.asString()) + " is not a valid " + t.name() + " (" + t.caption()
                        + "); it does not match the regex of type " + d.name());
                good = false;
            }
            if (d.rangeLow() != null && v.isNumber()) {
                BigDecimal x = v.decimalValue();
                if (x.compareTo(d.rangeLow()) < 0 || x.compareTo(d.rangeHigh()) > 0) {
                    errors.add(path + ": value " + v + " is outside the range " + d.rangeLow() + ".." + d.rangeHigh()
                            + " of type " + d.name());
                    good = false;
                }
            }
            if (d.values() != null && !d.values().contains(v)) {
                errors.add(path + ": value " + v + " is not one of the values " + d.values() + " of type " + d.name());
                good = false;
            }
            return good;
        }

        void enumeration(JsonNode v, Attribute a, JPath path) {
            if (a.enumValues().isEmpty() || isClassification(a.name())) {
                return; // class_uid / category_uid / type_uid are checked against the class in classification()
            }
            String key = enumKey(v);
            EnumValue ev = a.enumValues().get(key);
            if (ev == null) {
                errors.add(path + ": " + render(v) + " is not a value of enum \"" + a.name() + "\"; allowed: "
                        + listEnum(a.enumValues()));
            } else if (full && ev.deprecated() != null) {
                warnings.add(path + ": enum value " + key + " (" + ev.caption() + ") of \"" + a.name()
                        + "\" is deprecated: " + ev.deprecated());
            }
        }

        /** activity_name, severity, direction, ... should carry the caption of their _id. */
        void sibling(JsonNode node, JsonNode value, Attribute a, JPath path) {
            JsonNode sibling = node.get(a.sibling());
            if (absent(sibling)) {
                return;
            }
            if (a.array()) {
                if (!value.isArray() || !sibling.isArray()) {
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    siblingValue(value.get(i), i < sibling.size() ? sibling.get(i) : null, a,
                            path.child(a.sibling()).at(i), path.child(a.name()).at(i));
                }
            } else {
                siblingValue(value, sibling, a, path.child(a.sibling()), path.child(a.name()));
            }
        }

        private void siblingValue(JsonNode value, JsonNode sibling, Attribute a, JPath siblingPath, JPath idPath) {
            if (value == null || !(value.isIntegralNumber() || value.isString())) {
                return;
            }
            EnumValue ev = a.enumValues().get(enumKey(value));
            if (ev == null || ev.key().equals("99")) {
                return; // unknown values are reported elsewhere; "Other" carries the source's own label
            }
            if (sibling == null) {
                warnings.add(siblingPath + ": missing; expected \"" + ev.caption() + "\" for " + idPath + " "
                        + ev.key());
            } else if (sibling.isString() && !sibling.asString().equals(ev.caption())) {
                warnings.add(siblingPath + ": " + quote(sibling.asString()) + " does not match the caption \""
                        + ev.caption() + "\" of " + idPath + " " + ev.key());
            }
        }

        /** category_uid must be the class's category, and type_uid = class_uid * 100 + activity_id. */
        void classification(JsonNode event, Entity cls) {
            JsonNode categoryUid = event.get("category_uid");
            if (!absent(categoryUid) && categoryUid.isIntegralNumber() && cls.attributes().containsKey("category_uid")
                    && !categoryUid.bigIntegerValue().equals(BigInteger.valueOf(cls.categoryUid()))) {
                EnumValue category = cls.attributes().get("category_uid").enumValues()
                        .get(String.valueOf(cls.categoryUid()));
                errors.add("category_uid: " + categoryUid + " is not the category of " + cls.label() + "; expected "
                        + cls.categoryUid() + " (" + (category == null ? cls.categoryName() : category.caption()) + ")");
            }
            JsonNode typeUid = event.get("type_uid");
            JsonNode activityId = event.get("activity_id");
            if (!absent(typeUid) && typeUid.isIntegralNumber() && cls.attributes().containsKey("type_uid")) {
                if (!absent(activityId) && activityId.isIntegralNumber() && activityId.canConvertToLong()) {
                    long expected = cls.classUid() * 100L + activityId.longValue();
                    if (!typeUid.canConvertToLong() || typeUid.longValue() != expected) {
                        errors.add("type_uid: " + typeUid + " is inconsistent; expected class_uid * 100 + activity_id"
                                + " = " + cls.classUid() + " * 100 + " + activityId + " = " + expected);
                    }
                } else if (!cls.attributes().get("type_uid").enumValues().containsKey(enumKey(typeUid))) {
                    errors.add("type_uid: " + typeUid + " is not a type of " + cls.label() + "; allowed: "
                            + listEnum(cls.attributes().get("type_uid").enumValues()));
                }
            }
        }

        void version(JsonNode event) {
            JsonNode version = event.path("metadata").path("version");
            if (!version.isString()) {
                return; // missing / wrong type already reported
            }
            var m = SEMVER.matcher(version.asString());
            if (!m.matches()) {
                errors.add("metadata.version: " + quote(version.asString()) + " is not an OCSF version such as \""
                        + schema.version() + "\"");
                return;
            }
            var s = SEMVER.matcher(schema.version());
            if (!s.matches()) {
                return;
            }
            int cmp = 0;
            for (int g = 1; g <= 3 && cmp == 0; g++) {
                cmp = Long.compare(Long.parseLong(m.group(g)), Long.parseLong(s.group(g)));
            }
            if (cmp > 0) {
                errors.add("metadata.version: " + quote(version.asString()) + " is newer than the schema used to"
                        + " validate (" + schema.version() + ")");
            } else if (full && !version.asString().equals(schema.version())) {
                warnings.add("metadata.version: " + quote(version.asString()) + " differs from the schema used to"
                        + " validate (" + schema.version() + ")");
            }
        }

        /** observables[].name must point at an attribute of the class; type_id should fit that attribute. */
        void observables(JsonNode event, Entity cls) {
            JsonNode observables = event.get("observables");
            if (observables == null || !observables.isArray()) {
                return;
            }
            for (int i = 0; i < observables.size(); i++) {
                JsonNode o = observables.get(i);
                JsonNode name = o.get("name");
                if (!o.isObject() || name == null || !name.isString()) {
                    continue;
                }
                Attribute target = resolve(cls, name.asString());
                if (target == null) {
                    errors.add("observables[" + i + "].name: " + quote(name.asString()) + " does not refer to an"
                            + " attribute path of " + cls.label());
                    continue;
                }
                if (!full) {
                    continue;
                }
                Integer expected = target.observable();
                if (expected == null && target.isObject()) {
                    expected = schema.object(target.objectType()).map(Entity::observable).orElse(null);
                } else if (expected == null && target.type() != null) {
                    TypeDef t = schema.types().get(target.type());
                    expected = t == null ? null : t.observable();
                }
                JsonNode typeId = o.get("type_id");
                if (expected != null && typeId != null && typeId.isIntegralNumber() && typeId.canConvertToInt()
                        && typeId.intValue() != expected) {
                    warnings.add("observables[" + i + "].type_id: " + typeId + " but " + quote(name.asString())
                            + " is observable type " + expected + " (" + schema.observableTypes().get(expected) + ")");
                }
            }
        }

        private Attribute resolve(Entity cls, String dotted) {
            Entity entity = cls;
            Attribute attribute = null;
            for (String segment : dotted.split("\\.", -1)) {
                if (entity == null) {
                    return null;
                }
                attribute = entity.attributes().get(OcsfSchema.stripIndex(segment));
                if (attribute == null || (strictProfiles && gated(attribute))) {
                    return null;
                }
                entity = attribute.isObject() ? schema.objects().get(attribute.objectType()) : null;
            }
            return attribute;
        }
    }

    // ------------------------------------------------------------------------------------------

    private static boolean isClassification(String name) {
        return name.equals("class_uid") || name.equals("category_uid") || name.equals("type_uid");
    }

    /** Whether a (possibly dotted, e.g. device.os.version) attribute path has a non-null value. */
    private static boolean present(JsonNode node, String dottedPath) {
        int dot = dottedPath.indexOf('.');
        if (dot < 0) {
            return !absent(node.get(dottedPath));
        }
        JsonNode child = node.get(dottedPath.substring(0, dot));
        if (absent(child)) {
            return false;
        }
        String rest = dottedPath.substring(dot + 1);
        if (child.isArray()) {
            for (JsonNode element : child.values()) {
                if (element.isObject() && present(element, rest)) {
                    return true;
                }
            }
            return false;
        }
        return child.isObject() && present(child, rest);
    }

    private static boolean absent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String rootOr(String path) {
        return path.isEmpty() ? "$" : path;
    }

    private static String enumKey(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue().toString();
        }
        return v.isString() ? v.asString() : v.toString();
    }

    private static String listEnum(Map<String, EnumValue> values) {
        String listed = values.values().stream().limit(MAX_ENUM_LISTED)
                .map(e -> e.key().equals(e.caption()) ? e.key() : e.key() + " (" + e.caption() + ")")
                .collect(Collectors.joining(", "));
        return values.size() > MAX_ENUM_LISTED ? listed + ", ... (" + values.size() + " values)" : listed;
    }

    private static String render(JsonNode v) {
        return v.isString() ? quote(v.asString()) : String.valueOf(v);
    }

    private static String quote(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isString()) {
            return "string " + quote(v.asString());
        }
        if (v.isIntegralNumber()) {
            return "integer " + v;
        }
        if (v.isNumber()) {
            return "float " + v;
        }
        if (v.isBoolean()) {
            return "boolean " + v;
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isObject()) {
            return "an object";
        }
        return v.getNodeType().toString();
    }
}
