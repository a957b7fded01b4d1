package io.maillake.simulator;

import io.maillake.simulator.json.LenientJson;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LenientJsonTest {
    @Test
    void strictJsonParsesToMapsListsAndScalars() throws Exception {
        Object v = LenientJson.parse("{\"a\":[1,2.5,-3e2,\"x\\u00e9\\n\\/\",true,false,null],\"b\":{}}");
        assertThat(v).isEqualTo(Map.of("a", java.util.Arrays.asList(1L, new java.math.BigDecimal("2.5"), -300L, "xé\n/", true, false, null), "b", Map.of()));
    }

    @Test
    void aPythonDictPrintoutParsesLikeItsJson() throws Exception {
        String python = "{'meta': {'pagination': {'pageSize': 500, 'pageToken': None}}, 'data': [{'oldestFirst': True, "
                + "'from': '2025-01-06T00:00:00+0000', 'subject': \"Don't\", 'q': 'it\\'s', 'flag': False}]}";
        Object v = LenientJson.parse(python);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) ((List<?>) ((Map<?, ?>) v).get("data")).getFirst();
        assertThat(data).containsEntry("oldestFirst", true).containsEntry("subject", "Don't").containsEntry("q", "it's")
                .containsEntry("flag", false);
        assertThat(((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) v).get("meta")).get("pagination")).get("pageToken")).isNull();
    }

    @Test
    void trailingCommasAreTolerated() throws Exception {
        assertThat(LenientJson.parse("{'a': [1, 2,], }")).isEqualTo(Map.of("a", List.of(1L, 2L)));
    }

    @Test
    void garbageIsRejected() {
        for (String bad : new String[] {"{", "{'a' 1}", "[1 2]", "{\"a\":tru}", "{} x", "'unterminated", "{\"a\":\"\\q\"}",
                "[".repeat(100) + "]".repeat(100)}) {
            assertThatThrownBy(() -> LenientJson.parse(bad)).as(bad).isInstanceOf(LenientJson.SyntaxException.class);
        }
    }
}
