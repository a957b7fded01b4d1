package io.maillake.simulator;

import java.util.List;

/**
 * One simulated Mimecast account (tenant): its account code, its own organisation domains, and the
 * credentials it accepts. Everything derives deterministically from the seed and the index.
 */
public record SimAccount(int index, String accountCode, List<String> domains, Api1Credentials api1, Api2Credentials api2) {
    public SimAccount {
        domains = List.copyOf(domains);
    }
}
