package io.maillake.detect;

import java.time.Duration;

/**
 * How a rule turns the events its {@code where} condition selects into evidence. Each is evaluated
 * over the events landed since the engine's cursor; the windowed ones also look back (and forward)
 * over older events by their window, so the result does not depend on how the events were batched.
 */
public sealed interface Logic {

    /** Every selected event is evidence. */
    record Each() implements Logic { }

    /**
     * Selected events are evidence when at least {@code atLeast} distinct values of {@code distinct}
     * (a column, e.g. {@code recipient}) share a group (the rule's {@code group_by}) within {@code within}.
     */
    record Threshold(String distinct, int atLeast, Duration within) implements Logic { }

    /**
     * An event selected by {@code where} (called {@code a}), followed within {@code within} by an event
     * selected by {@code then} (called {@code b}) for which the SQL condition {@code on} holds (over
     * {@code a.*} and {@code b.*}). Both are evidence; the group is computed on {@code a}.
     */
    record FollowedBy(String then, String on, Duration within) implements Logic { }

    /**
     * Selected events whose {@code column} (a domain or an address) looks like one of the tenant's
     * own domains (My domains) without being one: edit distance, homoglyphs, the brand inside
     * another name. See {@link Lookalikes}.
     */
    record Lookalike(String column) implements Logic { }
}
