package io.maillake.cli;

import io.maillake.Maillake;
import io.maillake.domain.Cidr;
import io.maillake.domain.InvalidInputException;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.Tenant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maillake domains set|show}: a tenant's My domains and IPs. */
@Command(name = "domains", mixinStandardHelpOptions = true, description = "My domains and IPs of a tenant.",
        subcommands = {DomainsCommand.Set.class, DomainsCommand.Show.class})
final class DomainsCommand {

    static Tenant tenant(Maillake app, String tenant) {
        return app.store().tenant(tenant).orElseThrow(() -> new InvalidInputException("tenant: there is no tenant '" + tenant + "'"));
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "State the organisation's own email domains and IP ranges (replaces the current list).")
    static final class Set extends AppCommand {
        @Override boolean mayCreateDataDir() { return true; }

        @Option(names = "--tenant", defaultValue = "default", description = "Tenant id or name (default: ${DEFAULT-VALUE}).")
        String tenant;

        @Option(names = "--domain", split = ",", paramLabel = "DOMAIN", description = "An own email domain, e.g. example.com (repeatable).")
        List<String> domains = new ArrayList<>();

        @Option(names = "--cidr", split = ",", paramLabel = "CIDR", description = "An own IP range, e.g. 203.0.113.0/24 (repeatable).")
        List<String> cidrs = new ArrayList<>();

        @Option(names = "--no-private-ranges", description = "Do not add the private ranges (10.0.0.0/8, 172.16.0.0/12, ...) to the list.")
        boolean noPrivate;

        @Option(names = "--none", description = "State that the tenant has no own domains or ranges (only the private ranges apply).")
        boolean none;

        @Override
        Integer run(Maillake app) {
            // set replaces the whole list: an empty one is said explicitly, not by forgetting the options
            if (domains.isEmpty() && cidrs.isEmpty() && !none) {
                throw new InvalidInputException("domains: give the tenant's own domains and IP ranges with --domain and --cidr "
                        + "(they replace the current list), or --none to state that it has none");
            }
            if (none && !(domains.isEmpty() && cidrs.isEmpty())) {
                throw new InvalidInputException("domains: --none cannot go with --domain or --cidr");
            }
            Tenant t = tenant(app, tenant);
            List<String> allCidrs = new ArrayList<>(cidrs);
            if (!noPrivate) for (String p : MyNetworks.PRIVATE_RANGES) if (!allCidrs.contains(p)) allCidrs.add(p);
            MyNetworks networks = MyNetworks.parse(domains, allCidrs);
            app.store().setNetworks(t.id(), networks);
            print(out(), t, networks, true);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a tenant's My domains and IPs.")
    static final class Show extends AppCommand {
        @Option(names = "--tenant", defaultValue = "default", description = "Tenant id or name (default: ${DEFAULT-VALUE}).")
        String tenant;

        @Override
        Integer run(Maillake app) {
            Tenant t = tenant(app, tenant);
            print(out(), t, app.store().networks(t.id()), t.networksSet());
            return 0;
        }
    }

    static void print(java.io.PrintWriter out, Tenant t, MyNetworks n, boolean stated) {
        out.println("tenant: " + t.id() + " (" + t.name() + ")" + (stated ? "" : " - not stated yet: the private ranges apply"));
        out.println("domains: " + (n.domains().isEmpty() ? "(none)" : String.join(", ", n.domains())));
        out.println("cidrs: " + String.join(", ", n.cidrs().stream().map(Cidr::text).toList()));
        out.flush();
    }
}
