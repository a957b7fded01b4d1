package io.maillake.ocsf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OCSF schema compiled from the schema repository's data files (categories.json, dictionary.json,
 * events/**, objects/*, profiles/*, version.json), following the same compile rules as the OCSF
 * server (github.com/ocsf/ocsf-server):
 *
 * <ul>
 *   <li>{@code $include} (in a file's {@code attributes}) deep-merges the included file's attributes
 *       <em>under</em> the including file's own definitions. Attributes included from a profile file
 *       ({@code "meta": "profile"}) are tagged with that profile's name; an attribute-level
 *       {@code $include} (enum file) is merged under the attribute.
 *   <li>{@code extends} deep-merges the parent's resolved attributes under the child's (a child may
 *       change the requirement, add enum values, or remove an attribute with {@code null}); other
 *       top-level keys are inherited unless the child sets them (so {@code "constraints": {}}
 *       removes an inherited constraint, as {@code file} does for {@code _entity}'s).
 *   <li>Each attribute is then deep-merged over its dictionary.json entry (type, is_array, enum,
 *       sibling...). Enum maps are unioned; the more specific caption wins.
 *   <li>Synthetic parts: {@code class_uid}, {@code category_uid} and {@code type_uid} enums are
 *       derived per class; the {@code observable.type_id} enum is collected from every
 *       {@code observable} annotation; the {@code datetime} profile adds {@code <name>_dt}
 *       (datetime_t) next to every timestamp_t attribute.
 * </ul>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class OcsfSchema {

    /** Attribute requirement level. */
    public enum Requirement {
        REQUIRED, RECOMMENDED, OPTIONAL;

        static Requirement of(String s) {
            if (s == null) {
                return OPTIONAL;
            }
            return switch (s) {
                case "required" -> REQUIRED;
                case "recommended" -> RECOMMENDED;
                default -> OPTIONAL;
            };
        }
    }

    /** A dictionary data type (dictionary.json {@code types}). {@code base} is the primitive type. */
    public record TypeDef(String name, String caption, String base, String regexSource, Pattern regex,
            Integer maxLen, BigDecimal rangeLow, BigDecimal rangeHigh, List<JsonNode> values, Integer observable) {
    }

    /** One enum value. {@code deprecated} is the deprecation message, or null. */
    public record EnumValue(String key, String caption, String deprecated) {
    }

    /**
     * A fully resolved attribute of a class or object. Exactly one of {@code type} (a dictionary type
     * such as {@code string_t}) and {@code objectType} (an object name such as {@code email}) is set.
     */
    public record Attribute(String name, String caption, String type, String objectType, boolean array,
            Requirement requirement, Map<String, EnumValue> enumValues, String sibling, String profile,
            String deprecated, Integer observable) {

        public boolean isObject() {
            return objectType != null;
        }

        /** The type as written in messages, e.g. {@code email_t}, {@code object email}. */
        public String typeLabel() {
            return objectType != null ? "object \"" + objectType + "\"" : String.valueOf(type);
        }
    }

    /** A class or object constraint: {@code at_least_one} or {@code just_one} of the listed attributes. */
    public record Constraint(String kind, List<String> attributes) {
    }

    /** A compiled event class ({@code classUid >= 0}) or object ({@code classUid == -1}). */
    public record Entity(boolean isClass, String name, String caption, int classUid, int categoryUid,
            String categoryName, Map<String, Attribute> attributes, List<Constraint> constraints,
            String deprecated, Integer observable) {

        public Optional<Attribute> attribute(String attributeName) {
            return Optional.ofNullable(attributes.get(attributeName));
        }

        /** "class "email_activity" (4009)" or "object "email"". */
        public String label() {
            return isClass ? "class \"" + name + "\" (" + classUid + ")" : "object \"" + name + "\"";
        }
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String version;
    private final Map<String, TypeDef> types;
    private final Map<Integer, Entity> classesByUid;
    private final Map<String, Entity> classesByName;
    private final Map<String, Entity> objects;
    private final Set<String> profiles;
    private final Map<Integer, String> observableTypes;
    private final List<String> problems;

    private OcsfSchema(String version, Map<String, TypeDef> types, Map<Integer, Entity> classesByUid,
            Map<String, Entity> classesByName, Map<String, Entity> objects, Set<String> profiles,
            Map<Integer, String> observableTypes, List<String> problems) {
        this.version = version;
        this.types = types;
        this.classesByUid = classesByUid;
        this.classesByName = classesByName;
        this.objects = objects;
        this.profiles = profiles;
        this.observableTypes = observableTypes;
        this.problems = problems;
    }

    /** The schema release, from version.json (e.g. {@code 1.7.0}). */
    public String version() {
        return version;
    }

    public Map<String, TypeDef> types() {
        return types;
    }

    public Optional<Entity> classByUid(int classUid) {
        return Optional.ofNullable(classesByUid.get(classUid));
    }

    public Optional<Entity> classByName(String name) {
        return Optional.ofNullable(classesByName.get(name));
    }

    /** All concrete event classes by class_uid (base_event is 0). */
    public Map<Integer, Entity> classes() {
        return classesByUid;
    }

    public Optional<Entity> object(String name) {
        return Optional.ofNullable(objects.get(name));
    }

    public Map<String, Entity> objects() {
        return objects;
    }

    /** Profile names that may appear in {@code metadata.profiles}. */
    public Set<String> profiles() {
        return profiles;
    }

    /** The synthesised {@code observable.type_id} values and their captions. */
    public Map<Integer, String> observableTypes() {
        return observableTypes;
    }

    /** Inconsistencies found while compiling (should be empty for a released schema). */
    public List<String> problems() {
        return problems;
    }

    /**
     * Resolves a dotted attribute path such as {@code email.files.hashes.algorithm_id} from an event
     * class (array markers {@code []} / {@code [0]} are ignored).
     */
    public Optional<Attribute> attributeAt(int classUid, String dottedPath) {
        Entity cls = classesByUid.get(classUid);
        return cls == null ? Optional.empty() : Optional.ofNullable(resolvePath(cls, dottedPath, objects));
    }

    private static Attribute resolvePath(Entity from, String dottedPath, Map<String, Entity> objects) {
        Entity entity = from;
        Attribute attribute = null;
        for (String segment : dottedPath.split("\\.", -1)) {
            if (entity == null) {
                return null;
            }
            attribute = entity.attributes().get(stripIndex(segment));
            if (attribute == null) {
                return null;
            }
            entity = attribute.isObject() ? objects.get(attribute.objectType()) : null;
        }
        return attribute;
    }

    static String stripIndex(String segment) {
        int bracket = segment.indexOf('[');
        return bracket < 0 ? segment : segment.substring(0, bracket);
    }

    /**
     * A canonical, deterministic text rendering of everything the validator uses; two loads of the
     * same files give identical fingerprints.
     */
    public String fingerprint() {
        StringBuilder sb = new StringBuilder("version ").append(version).append('\n');
        new TreeMap<>(types).forEach((n, t) -> sb.append("type ").append(t).append('\n'));
        sb.append("profiles ").append(new TreeSet<>(profiles)).append('\n');
        sb.append("observables ").append(new TreeMap<>(observableTypes)).append('\n');
        new TreeMap<>(classesByUid).forEach((uid, e) -> appendEntity(sb, e));
        new TreeMap<>(objects).forEach((name, e) -> appendEntity(sb, e));
        return sb.toString();
    }

    private static void appendEntity(StringBuilder sb, Entity e) {
        sb.append(e.isClass() ? "class " : "object ").append(e.name()).append(' ').append(e.classUid())
                .append(' ').append(e.categoryUid()).append(' ').append(e.constraints()).append(' ')
                .append(e.deprecated()).append(' ').append(e.observable()).append('\n');
        new TreeMap<>(e.attributes()).forEach((n, a) -> sb.append("  ").append(a).append('\n'));
    }

    // ------------------------------------------------------------------------------------------
    // Loading and compiling
    // ------------------------------------------------------------------------------------------

    /** Reads and compiles the schema directory. */
    public static OcsfSchema load(Path schemaDir) {
        try {
            return new Compiler(schemaDir).compile();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OCSF schema at " + schemaDir, e);
        }
    }

    /** A schema file after {@code $include} resolution, before {@code extends}. */
    private record RawDef(String name, ObjectNode top, ObjectNode attributes) {
    }

    /** A definition after {@code extends} resolution. */
    private record Resolved(String name, ObjectNode top, ObjectNode attributes) {
    }

    private static final class Compiler {
        private final Path dir;
        private final List<String> problems = new ArrayList<>();
        private final Map<String, ObjectNode> includeCache = new HashMap<>();
        private ObjectNode dictionary;
        private Map<String, TypeDef> types;

        Compiler(Path dir) {
            this.dir = dir;
        }

        OcsfSchema compile() throws IOException {
            String version = read(dir.resolve("version.json")).path("version").asString();
            JsonNode dictionaryFile = read(dir.resolve("dictionary.json"));
            dictionary = (ObjectNode) dictionaryFile.path("attributes");
            types = compileTypes(dictionaryFile.path("types").path("attributes"));

            Map<String, Integer> categoryUids = new HashMap<>();
            Map<String, String> categoryCaptions = new HashMap<>();
            for (Map.Entry<String, JsonNode> c : read(dir.resolve("categories.json")).path("attributes").properties()) {
                categoryUids.put(c.getKey(), c.getValue().path("uid").asInt());
                categoryCaptions.put(c.getKey(), c.getValue().path("caption").asString());
            }

            Map<String, RawDef> rawObjects = readDefs(dir.resolve("objects"));
            Map<String, RawDef> rawClasses = readDefs(dir.resolve("events"));
            Set<String> profileNames = new TreeSet<>();
            try (Stream<Path> files = Files.list(dir.resolve("profiles"))) {
                for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    profileNames.add(read(p).path("name").asString());
                }
            }

            Map<Integer, String> observableTypes = collectObservables(rawObjects, rawClasses);

            Map<String, Resolved> resolvedObjects = new TreeMap<>();
            for (String name : rawObjects.keySet()) {
                resolve(name, rawObjects, resolvedObjects, new LinkedHashSet<>());
            }
            Map<String, Resolved> resolvedClasses = new TreeMap<>();
            for (String name : rawClasses.keySet()) {
                resolve(name, rawClasses, resolvedClasses, new LinkedHashSet<>());
            }

            Map<String, Entity> objects = new TreeMap<>();
            for (Resolved r : resolvedObjects.values()) {
                if (!r.name().startsWith("_")) { // hidden bases (_entity, _dns, ...) exist only to be extended
                    objects.put(r.name(), compileEntity(r, false, -1, 0, null, rawObjects.keySet()));
                }
            }
            // observable.type_id: the file's own values (0, 99) plus everything annotated "observable"
            Entity observable = objects.get("observable");
            if (observable != null && observable.attributes().get("type_id") != null) {
                Attribute typeId = observable.attributes().get("type_id");
                Map<String, EnumValue> values = new LinkedHashMap<>(typeId.enumValues());
                observableTypes.forEach((id, caption) -> values.putIfAbsent(String.valueOf(id),
                        new EnumValue(String.valueOf(id), caption, null)));
                for (EnumValue v : typeId.enumValues().values()) {
                    observableTypes.putIfAbsent(Integer.parseInt(v.key()), v.caption());
                }
                Map<String, Attribute> attrs = new TreeMap<>(observable.attributes());
                attrs.put("type_id", withEnum(typeId, values));
                objects.put("observable", new Entity(false, observable.name(), observable.caption(), -1, 0, null,
                        sortedView(attrs), observable.constraints(), observable.deprecated(),
                        observable.observable()));
            }

            Map<Integer, Entity> classesByUid = new TreeMap<>();
            Map<String, Entity> classesByName = new TreeMap<>();
            for (Resolved r : resolvedClasses.values()) {
                boolean isBase = r.name().equals("base_event");
                JsonNode uidNode = r.top().get("uid");
                if (!isBase && (uidNode == null || !uidNode.isIntegralNumber())) {
                    continue; // hidden intermediate class (network, system, ...): never instantiated
                }
                String category = r.top().path("category").asString("other");
                Integer categoryUid = categoryUids.get(category);
                if (categoryUid == null && !category.equals("other")) {
                    problems.add("class " + r.name() + " names undefined category " + category);
                }
                int catUid = categoryUid == null ? 0 : categoryUid;
                int classUid = catUid * 1000 + (uidNode == null ? 0 : uidNode.asInt());
                Entity e = compileEntity(r, true, classUid, catUid, category, rawObjects.keySet());
                e = withClassEnums(e, categoryCaptions.getOrDefault(category, "Other"));
                Entity previous = classesByUid.put(classUid, e);
                if (previous != null) {
                    problems.add("class_uid " + classUid + " is used by both " + previous.name() + " and " + e.name());
                }
                classesByName.put(e.name(), e);
            }

            // constraint attributes (possibly dotted paths such as device.os.version) must exist
            for (Entity e : Stream.concat(classesByUid.values().stream(), objects.values().stream()).toList()) {
                for (Constraint c : e.constraints()) {
                    for (String path : c.attributes()) {
                        if (resolvePath(e, path, objects) == null) {
                            problems.add(e.label() + " constraint " + c.kind() + " names undefined attribute " + path);
                        }
                    }
                }
            }
            // every object type an attribute refers to must exist
            Stream.concat(classesByUid.values().stream(), objects.values().stream())
                    .flatMap(e -> e.attributes().values().stream().map(a -> Map.entry(e, a)))
                    .filter(ea -> ea.getValue().isObject() && !objects.containsKey(ea.getValue().objectType()))
                    .forEach(ea -> problems.add(ea.getKey().label() + " attribute " + ea.getValue().name()
                            + " refers to undefined object " + ea.getValue().objectType()));

            return new OcsfSchema(version, sortedView(types), sortedView(classesByUid), sortedView(classesByName),
                    sortedView(objects), Collections.unmodifiableSet(profileNames), sortedView(observableTypes),
                    List.copyOf(problems));
        }

        // -- types ---------------------------------------------------------------------------------

        private Map<String, TypeDef> compileTypes(JsonNode typeDefs) {
            Map<String, TypeDef> result = new TreeMap<>();
            for (Map.Entry<String, JsonNode> t : typeDefs.properties()) {
                JsonNode def = t.getValue();
                String name = t.getKey();
                String base = def.hasNonNull("type") ? def.get("type").asString() : name;
                String regexSource = def.hasNonNull("regex") ? def.get("regex").asString() : null;
                Pattern regex = null;
                if (regexSource != null) {
                    try {
                        regex = Pattern.compile(regexSource);
                    } catch (PatternSyntaxException e) {
                        problems.add("type " + name + " has a regex Java cannot compile: " + e.getMessage());
                    }
                }
                Integer maxLen = def.hasNonNull("max_len") ? def.get("max_len").asInt() : null;
                BigDecimal low = null;
                BigDecimal high = null;
                if (def.path("range").isArray() && def.path("range").size() == 2) {
                    low = def.path("range").get(0).decimalValue();
                    high = def.path("range").get(1).decimalValue();
                }
                List<JsonNode> values = def.path("values").isArray() ? List.copyOf(def.path("values").values()) : null;
                Integer observable = def.hasNonNull("observable") ? def.get("observable").asInt() : null;
                result.put(name, new TypeDef(name, def.path("caption").asString(name), base, regexSource, regex,
                        maxLen, low, high, values, observable));
            }
            for (TypeDef t : result.values()) {
                if (!result.containsKey(t.base())) {
                    problems.add("type " + t.name() + " derives from undefined type " + t.base());
                }
            }
            return result;
        }

        // -- observables ---------------------------------------------------------------------------

        /** Mirrors the OCSF server: every "observable" annotation becomes an observable.type_id value. */
        private Map<Integer, String> collectObservables(Map<String, RawDef> rawObjects, Map<String, RawDef> rawClasses) {
            Map<Integer, String> result = new TreeMap<>();
            types.values().forEach(t -> {
                if (t.observable() != null) {
                    putObservable(result, t.observable(), t.caption());
                }
            });
            for (Map.Entry<String, JsonNode> a : dictionary.properties()) {
                if (a.getValue().hasNonNull("observable")) {
                    putObservable(result, a.getValue().get("observable").asInt(),
                            a.getValue().path("caption").asString(a.getKey()));
                }
            }
            for (RawDef o : rawObjects.values()) {
                String caption = o.top().path("caption").asString(o.name());
                if (o.top().hasNonNull("observable")) {
                    putObservable(result, o.top().get("observable").asInt(), caption);
                }
                ownAttributeObservables(result, o, caption + " Object");
            }
            for (RawDef c : rawClasses.values()) {
                String caption = c.top().path("caption").asString(c.name());
                ownAttributeObservables(result, c, caption + " Class");
                for (Map.Entry<String, JsonNode> p : c.top().path("observables").properties()) {
                    putObservable(result, p.getValue().asInt(), caption + " Class: " + p.getKey());
                }
            }
            return result;
        }

        private void ownAttributeObservables(Map<Integer, String> result, RawDef def, String kind) {
            // only the file's own attributes: included profile attributes carry the "profile" tag
            for (Map.Entry<String, JsonNode> a : def.attributes().properties()) {
                if (a.getValue().hasNonNull("observable") && !a.getValue().has("profile")) {
                    putObservable(result, a.getValue().get("observable").asInt(), kind + ": " + a.getKey());
                }
            }
        }

        private void putObservable(Map<Integer, String> result, int id, String caption) {
            String previous = result.putIfAbsent(id, caption);
            if (previous != null && !previous.equals(caption)) {
                problems.add("observable type_id " + id + " is defined twice: " + previous + " / " + caption);
            }
        }

        // -- files, includes, extends --------------------------------------------------------------

        private Map<String, RawDef> readDefs(Path root) throws IOException {
            Map<String, RawDef> result = new TreeMap<>();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            }
            for (Path file : files) {
                ObjectNode json = (ObjectNode) read(file);
                String name = json.path("name").asString(null);
                if (name == null) {
                    problems.add(dir.relativize(file) + " has no name");
                    continue;
                }
                if (json.hasNonNull("extends") && json.get("extends").asString().equals(name)) {
                    problems.add(dir.relativize(file) + " patches " + name + " (extension patching is not supported)");
                    continue;
                }
                RawDef previous = result.put(name, new RawDef(name, json, resolveIncludes(json)));
                if (previous != null) {
                    problems.add("two schema files define " + name);
                }
            }
            return result;
        }

        /** The file's attributes with its {@code $include}s merged underneath. */
        private ObjectNode resolveIncludes(JsonNode file) throws IOException {
            ObjectNode attributes = file.path("attributes").isObject()
                    ? ((ObjectNode) file.get("attributes")).deepCopy() : NODES.objectNode();
            JsonNode include = attributes.remove("$include");
            List<String> paths = new ArrayList<>();
            if (include != null && include.isString()) {
                paths.add(include.asString());
            } else if (include != null && include.isArray()) {
                include.values().forEach(p -> paths.add(p.asString()));
            }
            for (String path : paths) {
                ObjectNode included = includeFile(path);
                ObjectNode includedAttributes = included.path("attributes").isObject()
                        ? ((ObjectNode) included.get("attributes")).deepCopy() : NODES.objectNode();
                if ("profile".equals(included.path("meta").asString(null))) {
                    String profile = included.path("name").asString();
                    JsonNode annotations = included.path("annotations");
                    for (Map.Entry<String, JsonNode> a : includedAttributes.properties()) {
                        ObjectNode tagged = ((ObjectNode) a.getValue()).deepCopy().put("profile", profile);
                        a.setValue(annotations.isObject() ? (ObjectNode) deepMerge(annotations, tagged) : tagged);
                    }
                }
                attributes = (ObjectNode) deepMerge(includedAttributes, attributes);
            }
            // attribute-level $include: an enum file merged under the attribute definition
            for (Map.Entry<String, JsonNode> a : attributes.properties()) {
                if (a.getValue().isObject() && a.getValue().has("$include")) {
                    ObjectNode attr = ((ObjectNode) a.getValue()).deepCopy();
                    String path = attr.remove("$include").asString();
                    a.setValue(deepMerge(read(dir.resolve(path)), attr));
                }
            }
            return attributes;
        }

        private ObjectNode includeFile(String path) throws IOException {
            ObjectNode cached = includeCache.get(path);
            if (cached == null) {
                ObjectNode json = (ObjectNode) read(dir.resolve(path));
                cached = json.deepCopy();
                cached.set("attributes", resolveIncludes(json));
                includeCache.put(path, cached);
            }
            return cached;
        }

        private Resolved resolve(String name, Map<String, RawDef> raw, Map<String, Resolved> done, Set<String> visiting) {
            Resolved r = done.get(name);
            if (r != null) {
                return r;
            }
            RawDef def = raw.get(name);
            if (!visiting.add(name)) {
                throw new IllegalStateException("extends cycle: " + visiting + " -> " + name);
            }
            String parentName = def.top().hasNonNull("extends") ? def.top().get("extends").asString() : null;
            ObjectNode top;
            ObjectNode attributes;
            if (parentName == null || !raw.containsKey(parentName)) {
                if (parentName != null) {
                    problems.add(name + " extends undefined " + parentName);
                }
                top = def.top().deepCopy();
                attributes = def.attributes().deepCopy();
            } else {
                Resolved parent = resolve(parentName, raw, done, visiting);
                attributes = (ObjectNode) deepMerge(parent.attributes(), def.attributes());
                top = parent.top().deepCopy();
                // profiles concatenate; any other key the child sets replaces the parent's
                for (Map.Entry<String, JsonNode> p : def.top().properties()) {
                    if (p.getKey().equals("profiles") && top.path("profiles").isArray() && p.getValue().isArray()) {
                        Set<String> merged = new LinkedHashSet<>();
                        top.get("profiles").values().forEach(v -> merged.add(v.asString()));
                        p.getValue().values().forEach(v -> merged.add(v.asString()));
                        top.set("profiles", MAPPER.valueToTree(List.copyOf(merged)));
                    } else {
                        top.set(p.getKey(), p.getValue().deepCopy());
                    }
                }
                // uid and @deprecated describe the file itself, not its descendants
                for (String own : List.of("uid", "@deprecated")) {
                    if (!def.top().has(own)) {
                        top.remove(own);
                    }
                }
            }
            // a child can remove an inherited attribute by defining it as null
            attributes.properties().removeIf(e -> e.getValue().isNull());
            r = new Resolved(name, top, attributes);
            done.put(name, r);
            visiting.remove(name);
            return r;
        }

        // -- entities and attributes ---------------------------------------------------------------

        private Entity compileEntity(Resolved r, boolean isClass, int classUid, int categoryUid, String category,
                Set<String> objectNames) {
            Map<String, Attribute> attributes = new TreeMap<>();
            for (Map.Entry<String, JsonNode> a : r.attributes().properties()) {
                Attribute attribute = compileAttribute(r.name(), a.getKey(), a.getValue(), objectNames);
                attributes.put(a.getKey(), attribute);
            }
            // the synthetic datetime profile: <name>_dt next to every (dictionary) timestamp_t attribute
            for (Attribute a : List.copyOf(attributes.values())) {
                if ("timestamp_t".equals(dictionary.path(a.name()).path("type").asString(null))) {
                    attributes.putIfAbsent(a.name() + "_dt", new Attribute(a.name() + "_dt", a.caption() + " (RFC 3339)",
                            "datetime_t", null, a.array(), Requirement.OPTIONAL, Map.of(), null, "datetime", null, null));
                }
            }
            List<Constraint> constraints = new ArrayList<>();
            for (Map.Entry<String, JsonNode> c : r.top().path("constraints").properties()) {
                List<String> names = new ArrayList<>();
                c.getValue().values().forEach(n -> names.add(n.asString()));
                if (!c.getKey().equals("at_least_one") && !c.getKey().equals("just_one")) {
                    problems.add(r.name() + " has unsupported constraint " + c.getKey());
                }
                constraints.add(new Constraint(c.getKey(), List.copyOf(names)));
            }
            String deprecated = deprecation(r.top());
            Integer observable = r.top().hasNonNull("observable") ? r.top().get("observable").asInt() : null;
            return new Entity(isClass, r.name(), r.top().path("caption").asString(r.name()), classUid, categoryUid,
                    category, sortedView(attributes), List.copyOf(constraints), deprecated, observable);
        }

        private Attribute compileAttribute(String owner, String name, JsonNode local, Set<String> objectNames) {
            JsonNode dict = dictionary.get(name);
            if (dict == null) {
                problems.add(owner + "." + name + " is not defined in dictionary.json");
            }
            JsonNode merged = deepMerge(dict, local);
            String type = merged.path("type").asString(null);
            String objectType = null;
            if (type == null) {
                problems.add(owner + "." + name + " has no type; treated as json_t");
                type = "json_t";
            } else if (!types.containsKey(type)) {
                if (!objectNames.contains(type)) {
                    problems.add(owner + "." + name + " has undefined type " + type + "; treated as json_t");
                    type = "json_t";
                } else {
                    objectType = type;
                    type = null;
                }
            }
            Map<String, EnumValue> enumValues = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> v : merged.path("enum").properties()) {
                enumValues.put(v.getKey(), new EnumValue(v.getKey(), v.getValue().path("caption").asString(v.getKey()),
                        deprecation(v.getValue())));
            }
            Integer observable = merged.hasNonNull("observable") ? merged.get("observable").asInt() : null;
            return new Attribute(name, merged.path("caption").asString(name), type, objectType,
                    merged.path("is_array").asBoolean(false), Requirement.of(merged.path("requirement").asString(null)),
                    Collections.unmodifiableMap(enumValues), merged.path("sibling").asString(null),
                    merged.path("profile").asString(null), deprecation(merged), observable);
        }

        /** class_uid, category_uid and type_uid enums are derived from the class, as the OCSF server does. */
        private Entity withClassEnums(Entity e, String categoryCaption) {
            Map<String, Attribute> attrs = new TreeMap<>(e.attributes());
            replaceEnum(attrs, "class_uid", Map.of(String.valueOf(e.classUid()),
                    new EnumValue(String.valueOf(e.classUid()), e.caption(), null)));
            replaceEnum(attrs, "category_uid", Map.of(String.valueOf(e.categoryUid()),
                    new EnumValue(String.valueOf(e.categoryUid()), categoryCaption, null)));
            Attribute activity = attrs.containsKey("activity_id") ? attrs.get("activity_id") : attrs.get("disposition_id");
            Map<String, EnumValue> typeUids = new LinkedHashMap<>();
            long base = e.classUid() * 100L;
            typeUids.put(String.valueOf(base), new EnumValue(String.valueOf(base), e.caption() + ": Unknown", null));
            if (activity != null) {
                for (EnumValue v : activity.enumValues().values()) {
                    String key = String.valueOf(base + Long.parseLong(v.key()));
                    typeUids.put(key, new EnumValue(key, e.caption() + ": " + v.caption(), v.deprecated()));
                }
            }
            replaceEnum(attrs, "type_uid", typeUids);
            return new Entity(e.isClass(), e.name(), e.caption(), e.classUid(), e.categoryUid(), e.categoryName(),
                    sortedView(attrs), e.constraints(), e.deprecated(), e.observable());
        }

        private static void replaceEnum(Map<String, Attribute> attrs, String name, Map<String, EnumValue> values) {
            Attribute a = attrs.get(name);
            if (a != null) {
                attrs.put(name, withEnum(a, values));
            }
        }

        private JsonNode read(Path file) throws IOException {
            return MAPPER.readTree(Files.readAllBytes(file));
        }
    }

    /** Iterates in name order, looks up by hash. */
    private static <K extends Comparable<K>, V> Map<K, V> sortedView(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(map)));
    }

    private static Attribute withEnum(Attribute a, Map<String, EnumValue> values) {
        return new Attribute(a.name(), a.caption(), a.type(), a.objectType(), a.array(), a.requirement(),
                Collections.unmodifiableMap(new LinkedHashMap<>(values)), a.sibling(), a.profile(), a.deprecated(),
                a.observable());
    }

    private static String deprecation(JsonNode def) {
        JsonNode d = def.get("@deprecated");
        if (d == null || d.isNull()) {
            return null;
        }
        String message = d.path("message").asString("").replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").trim();
        String since = d.path("since").asString(null);
        return since == null ? message : message + " (deprecated since " + since + ")";
    }

    /** Recursive merge: objects merge key by key, anything else in {@code override} wins. */
    static JsonNode deepMerge(JsonNode base, JsonNode override) {
        if (base == null || base.isMissingNode()) {
            return override == null ? NODES.objectNode() : override.deepCopy();
        }
        if (override == null || override.isMissingNode()) {
            return base.deepCopy();
        }
        if (base.isObject() && override.isObject()) {
            ObjectNode result = ((ObjectNode) base).deepCopy();
            for (Map.Entry<String, JsonNode> e : override.properties()) {
                JsonNode existing = result.get(e.getKey());
                result.set(e.getKey(), existing != null && existing.isObject() && e.getValue().isObject()
                        ? deepMerge(existing, e.getValue()) : e.getValue().deepCopy());
            }
            return result;
        }
        return override.deepCopy();
    }
}
