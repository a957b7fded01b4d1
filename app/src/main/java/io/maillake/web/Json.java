package io.maillake.web;

import io.javalin.http.Context;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON in and out. Request bodies are read strictly (an unknown field is an error, so a typo such
 * as {@code secretkey} is not silently ignored), and a parse error names the field but never
 * echoes the input, which may hold a secret.
 */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // {"expiresInDays":1.5} is an error, not 1
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            // a number or boolean where text is expected is an error, not silently made text ({"sql":123})
            .withCoercionConfig(tools.jackson.databind.type.LogicalType.Textual, c -> c
                    .setCoercion(tools.jackson.databind.cfg.CoercionInputShape.Integer, tools.jackson.databind.cfg.CoercionAction.Fail)
                    .setCoercion(tools.jackson.databind.cfg.CoercionInputShape.Float, tools.jackson.databind.cfg.CoercionAction.Fail)
                    .setCoercion(tools.jackson.databind.cfg.CoercionInputShape.Boolean, tools.jackson.databind.cfg.CoercionAction.Fail))
            .build();

    private Json() { }

    public static <T> T body(Context ctx, Class<T> type) {
        String body = ctx.body();
        if (body.isBlank()) throw ApiException.badRequest("send a JSON object in the request body");
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) throw ApiException.badRequest("send a JSON object in the request body");
            return value;
        } catch (DatabindException e) {
            String field = e.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> a + "." + b).orElse("");
            throw new ApiException(400, "invalid_json", field.isEmpty()
                    ? "the request body does not have the expected shape; see /api/v1/openapi.json"
                    : "the field '" + field + "' is unknown or has the wrong type; see /api/v1/openapi.json");
        } catch (JacksonException e) {
            throw new ApiException(400, "invalid_json", "the request body is not valid JSON");
        }
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
