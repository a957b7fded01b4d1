package io.maillake.mimecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PageParserTest {

    private static Page parse(LogType type, String body) throws MimecastException {
        return PageParser.parse(type, ApiGeneration.API_1, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsEachRecordsOriginalTextByteForByte() throws Exception {
        String record1 = "{\"fileType\":\"application\\/pdf\",\"senderAddress\":\"<>\",\"details\":\"Safe   \\r\\nTime taken\"}";
        String record2 = "{ \"unknown\" : {\"nested\":[1,2,{\"x\":null}]}, \"subject\":\"Caf\u00e9 \u2603 \\u00e9\\ud83d\\ude00\" }";
        String body = "{\"meta\":{\"status\":200,\"pagination\":{\"pageSize\":2,\"next\":\"tok-2\"}},"
                + "\"data\":[{\"attachmentLogs\":[" + record1 + " ,\n " + record2 + "]}],\"fail\":[]}";

        Page page = parse(LogType.ATTACHMENT, body);

        assertThat(page.records()).containsExactly(record1, record2);
        assertThat(page.next()).contains("tok-2");
        assertThat(page.isLast()).isFalse();
    }

    @Test
    void readsThePublishedSamplesOfAllThreeLogTypes() throws Exception {
        Page url = PageParser.parse(LogType.URL, ApiGeneration.API_1, TestData.bytes("mimecast/samples/ttp-url-get-logs.v1.response.json"));
        Page imp = PageParser.parse(LogType.IMPERSONATION, ApiGeneration.API_1, TestData.bytes("mimecast/samples/ttp-impersonation-get-logs.v1.response.json"));
        Page att = PageParser.parse(LogType.ATTACHMENT, ApiGeneration.API_1, TestData.bytes("mimecast/samples/ttp-attachment-get-logs.v1.response.json"));

        assertThat(url.records()).singleElement().asString().startsWith("{\"userEmailAddress\"").endsWith("@google.com>\"}");
        assertThat(url.isLast()).isTrue();
        assertThat(imp.records()).singleElement().asString().startsWith("{ \"id\": \"MTOKEN:").endsWith(".outlook.com>\" }");
        assertThat(att.records()).singleElement().asString().contains("\"fileType\":\"application\\/pdf\"");
        assertThat(att.next()).contains("next");
    }

    @Test
    void treatsAnEmptyDataArrayAsAnEmptyLastPageEvenWithAPlaceholderToken() throws Exception {
        Page page = parse(LogType.URL, "{\"meta\":{\"pagination\":{\"next\":\"placeholder\"}},\"data\":[],\"fail\":[]}");
        assertThat(page.records()).isEmpty();
        assertThat(page.isLast()).isTrue();
    }

    @Test
    void ignoresOtherMembersOfDataSuchAsResultCount() throws Exception {
        Page page = parse(LogType.IMPERSONATION, "{\"data\":[{\"resultCount\":3,\"impersonationLogs\":[{\"a\":1}],\"extra\":{\"b\":[2]}}]}");
        assertThat(page.records()).containsExactly("{\"a\":1}");
        assertThat(page.isLast()).isTrue();
    }

    @Test
    void reportsA200WhoseFailArrayIsNotEmptyAsABadResponse() {
        String body = "{\"meta\":{\"status\":400},\"data\":[],\"fail\":[{\"key\":{},\"errors\":[{\"code\":\"err_validation_blank\",\"message\":\"from is blank\",\"retryable\":false}]}]}";
        assertThatThrownBy(() -> parse(LogType.URL, body))
                .isInstanceOfSatisfying(MimecastException.BadResponse.class, e -> {
                    assertThat(e.mimecastCode()).contains("err_validation_blank");
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.getMessage()).contains("from is blank");
                });
    }

    @Test
    void reportsABindingExpiryInsideA200AsBindingExpired() {
        String body = "{\"data\":[],\"fail\":[{\"errors\":[{\"code\":\"err_xdk_binding_expired\",\"message\":\"AccessKey has expired.\"}]}]}";
        assertThatThrownBy(() -> parse(LogType.URL, body)).isInstanceOf(MimecastException.BindingExpired.class);
    }

    @Test
    void reportsMalformedTruncatedAndTrailingContentAsBadResponses() {
        String good = "{\"meta\":{},\"data\":[{\"clickLogs\":[{\"a\":1},{\"b\":2}]}],\"fail\":[]}";
        for (String body : new String[] {
                good.substring(0, good.length() - 10), "<html>502 Bad Gateway</html>", "", "[1,2]",
                good + "{}", "{\"data\":{\"clickLogs\":[]}}", "{\"data\":[{\"clickLogs\":[\"text\"]}]}",
                "{\"data\":[{\"clickLogs\":{\"a\":1}}]}"}) {
            assertThatThrownBy(() -> parse(LogType.URL, body)).as(body).isInstanceOf(MimecastException.BadResponse.class);
        }
    }

    @Test
    void findsTheRecordsWhateverTheOrderOfTopLevelMembers() throws Exception {
        Page page = parse(LogType.URL, "{\"fail\":[],\"data\":[{\"clickLogs\":[{\"x\":\"1\"}]}],\"meta\":{\"pagination\":{\"next\":\"n\"}}}");
        assertThat(page.records()).containsExactly("{\"x\":\"1\"}");
        assertThat(page.next()).contains("n");
    }

    @Test
    void aBodyWhoseCharactersDoNotDecodeIsABadResponseNotADroppedConnection() {
        // UTF-32BE "{" then a code point beyond Unicode: the parser's decoder fails, the transfer did not
        byte[] body = {0, 0, 0, '{', 0, 0x11, 0, 0, 0, 0, 0, '}'};
        assertThatThrownBy(() -> PageParser.parse(LogType.URL, ApiGeneration.API_1, body))
                .isInstanceOf(MimecastException.BadResponse.class);
    }
}
