package io.maillake.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maillake.domain.InvalidInputException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A rule's SQL conditions stay inside the parentheses the engine puts around them. */
class RuleConditionTest {

    private static String rule(String where) {
        return "id: own-rule\nname: Own\nseverity: low\ntitle: \"{recipient}\"\nwhere: |\n  " + where.replace("\n", "\n  ") + "\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"1=1) or (1=1", "verdict = 'malicious') OR (true", "(action = 'allow'", "action = 'allow')",
            "true; drop table x", "subject = 'unterminated", "x = 1 /* open comment", "$$($$ 1=1) or (1=1 $$)$$",
            "E'\\'' = 'x' ) or (1=1 --'"})
    void aConditionThatWouldEscapeItsParenthesesIsRefusedNamingTheKey(String where) {
        assertThatThrownBy(() -> RuleParser.parse(rule(where), "t1"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems()).anySatisfy(p -> assertThat(p).startsWith("where: ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"log_type = 'url' AND (action = 'allow' OR action = 'warn')", "subject LIKE '%(urgent)%'",
            "subject = 'it''s ) here'", "\"action\" = 'allow' -- a comment with )\nAND true", "url = $$)($$",
            "regexp_matches(url, '\\.(exe|js)$')", "sender = E'\\'quoted)'", "subject = 'x' /* ( */"})
    void conditionsWhoseParenthesesBalanceOutsideStringsAndCommentsAreAccepted(String where) {
        assertThat(RuleParser.parse(rule(where), "t1").where()).isEqualTo(where.strip());
    }

    @Test
    void theRefusedBreakOutWouldReallyHaveEscapedTheEnginesBounds() throws Exception {
        // what the engine would run: the condition in its parentheses, then its own bound
        String where = "1=1) or (1=1";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM range(10) t(x) WHERE " + RuleSql.cond(where) + " AND x < 0")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the bound x < 0 should have left no row").isEqualTo(10);
        }
        assertThat(RuleParser.unbalanced(where)).isNotNull();
    }

    @Test
    void everyTitlePlaceholderIsAColumnOrACounterOfTheRulesKind() {
        String base = "id: own-rule\nname: Own\nseverity: low\nwhere: log_type = 'attachment'\ntitle: ";
        assertThat(RuleParser.parse(base + "\"{file_name} ({file_sha256}) to {recipients}\"\n", "t1").title()).contains("{file_sha256}");
        for (String bad : new String[] {"{nosuch1}", "{Recipient}", "{looks_like}"}) {
            assertThatThrownBy(() -> RuleParser.parse(base + "\"x " + bad + "\"\n", "t1")).as(bad)
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("title: " + bad);
        }
    }

    @Test
    void aKeyGivenTwiceAConditionThatIsNotTextAndAnEndlessNameAreRefused() {
        String ok = rule("log_type = 'url'");
        assertThatThrownBy(() -> RuleParser.parse(ok + "severity: high\n", "t1")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("severity");
        assertThatThrownBy(() -> RuleParser.parse(ok.replace("where: |\n  log_type = 'url'", "where: 42"), "t1"))
                .hasMessageContaining("where: expected a non-empty text");
        assertThatThrownBy(() -> RuleParser.parse(ok.replace("name: Own", "name: " + "n".repeat(301)), "t1"))
                .hasMessageContaining("name: at most 300 characters");
    }

    @Test
    void followedByConditionsAreCheckedToo() {
        String text = rule("log_type = 'impersonation'") + "followed_by:\n  where: log_type = 'url') or (true\n"
                + "  on: a.recipient = b.recipient\n  within: PT1H\n";
        assertThatThrownBy(() -> RuleParser.parse(text, "t1")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("followed_by.where: ");
    }
}
