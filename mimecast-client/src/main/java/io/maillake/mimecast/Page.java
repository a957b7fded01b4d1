package io.maillake.mimecast;

import java.util.List;
import java.util.Optional;

/**
 * One page of log records as Mimecast sent it.
 *
 * @param records   each record's original JSON text, byte for byte as received (unknown fields and
 *                  escapes such as {@code \/} kept), in the order Mimecast sent them
 * @param next      the token for the following page; absent on the last page
 * @param bodyBytes size of the response body
 */
public record Page(LogType type, List<String> records, Optional<String> next, int bodyBytes) {

    public Page {
        records = List.copyOf(records);
        next = next.filter(t -> !t.isBlank());
    }

    /** Paging ends when {@code next} is absent or a page is empty (some servers keep a placeholder token on an empty last page). */
    public boolean isLast() {
        return next.isEmpty() || records.isEmpty();
    }
}
