package io.maillake.lake.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.lake.QueryException;
import org.junit.jupiter.api.Test;

class QueryFailureTest {

    @Test
    void namesThatDoNotExistAreTheQuerysOwnFault() {
        for (String message : new String[] {"Catalog Error: Table with name nosuchtable does not exist!",
                "Binder Error: Referenced column \"nosuch\" not found", "Parser Error: syntax error at or near \"form\""}) {
            assertThat(QueryEngine.failure(message, "select 1").code()).as(message).isEqualTo("invalid_query");
        }
        assertThat(QueryEngine.failure("Conversion Error: Could not convert string 'x' to INT32", "select 1").code())
                .isEqualTo("query_failed");
    }

    @Test
    void runningOutOfMemoryOverJsonSaysHowToExtractFieldsInOneCall() {
        String oom = "Out of Memory Error: failed to allocate data of size 8.0 MiB (241.0 MiB/244.1 MiB used)";
        QueryException json = QueryEngine.failure(oom, "select count(*) filter (where json_extract_string(raw, '$.a') = 'x') from email_events");
        assertThat(json.code()).isEqualTo("query_failed");
        assertThat(json.getMessage()).startsWith(oom).contains("narrow it", "json_extract_string(raw, ['$.a', '$.b'])");
        assertThat(QueryEngine.failure(oom, "select * from email_events order by subject").getMessage())
                .contains("narrow it").doesNotContain("json_extract_string");
    }
}
