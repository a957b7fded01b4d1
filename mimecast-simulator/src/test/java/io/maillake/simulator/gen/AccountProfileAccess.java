package io.maillake.simulator.gen;

import java.util.List;

/** Test access to the look-alike domains the generator derives from an account's domains. */
public final class AccountProfileAccess {
    private AccountProfileAccess() {
    }

    public static List<String> lookalikes(List<String> domains) {
        return AccountProfile.lookalikes(domains).stream().map(AccountProfile.Lookalike::fake).toList();
    }
}
