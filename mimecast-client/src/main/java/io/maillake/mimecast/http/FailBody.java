package io.maillake.mimecast.http;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads the errors out of a Mimecast error body. Two shapes exist (API.md 4.2):
 * API 1.0 style {@code {"fail":[{"key":{..},"errors":[{"code","message","retryable"}]}]}} and the
 * API 2.0 gateway's {@code {"fail":[{"code","message"}]}}. Both yield a flat list of errors.
 * Never throws: an unreadable body gives an empty list.
 */
public final class FailBody {
    private static final JsonFactory JSON = new JsonFactory();

    /** One entry of {@code fail[]}. */
    public record Error(String code, String message, boolean retryable) { }

    private FailBody() { }

    public static List<Error> errors(byte[] body) {
        List<Error> errors = new ArrayList<>();
        if (body.length == 0) return errors;
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return errors;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("fail".equals(name) && value == JsonToken.START_ARRAY) {
                    readFailArray(p, errors);
                } else {
                    p.skipChildren();
                }
            }
        } catch (RuntimeException e) {
            // malformed error bodies are common on gateways; the HTTP status still classifies the failure
        }
        return errors;
    }

    /** Whether the body's {@code fail[]} holds at least one entry. */
    public static boolean hasFailures(byte[] body) {
        return !errors(body).isEmpty();
    }

    private static void readFailArray(JsonParser p, List<Error> errors) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String code = null;
            String message = null;
            boolean retryable = false;
            boolean nested = false;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "errors" -> {
                        if (value == JsonToken.START_ARRAY) {
                            nested = readErrors(p, errors) || nested;
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "code" -> code = scalar(p, value);
                    case "message" -> message = scalar(p, value);
                    case "retryable" -> retryable = value == JsonToken.VALUE_TRUE;
                    default -> p.skipChildren();
                }
            }
            // an entry without errors[] still means the function failed
            if (!nested) errors.add(new Error(code, message, retryable));
        }
    }

    private static boolean readErrors(JsonParser p, List<Error> errors) {
        boolean any = false;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String code = null;
            String message = null;
            boolean retryable = false;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "code" -> code = scalar(p, value);
                    case "message" -> message = scalar(p, value);
                    case "retryable" -> retryable = value == JsonToken.VALUE_TRUE;
                    default -> p.skipChildren();
                }
            }
            errors.add(new Error(code, message, retryable));
            any = true;
        }
        return any;
    }

    private static String scalar(JsonParser p, JsonToken value) {
        if (value.isScalarValue()) return value == JsonToken.VALUE_NULL ? null : p.getString();
        p.skipChildren();
        return null;
    }
}
