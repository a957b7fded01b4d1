package io.maillake.web.ui;

import java.util.List;

/**
 * The My domains and IPs form, with the problems of the last attempt.
 *
 * @param first  shown on the way to the first integration
 * @param next   where to go after saving (a local path), or empty
 */
public record NetworksForm(String domains, String cidrs, boolean set, boolean first, String next,
                           List<String> domainErrors, List<String> cidrErrors) {
    public boolean hasErrors() { return !domainErrors.isEmpty() || !cidrErrors.isEmpty(); }
}
