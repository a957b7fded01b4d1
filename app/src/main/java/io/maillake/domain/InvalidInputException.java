package io.maillake.domain;

import java.util.List;

/**
 * User input that cannot be accepted. Each problem starts with the field it concerns and says what
 * is expected, e.g. {@code "appId: 'x' is not a GUID such as ca16c415-658f-4c87-8fb6-e3e6957771dc"}.
 * Nothing was changed when this is thrown.
 */
public final class InvalidInputException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidInputException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() { return problems; }

    /** The field a problem names (the text before the first colon). */
    public static String fieldOf(String problem) {
        int colon = problem.indexOf(':');
        return colon < 0 ? "" : problem.substring(0, colon);
    }
}
