package io.maillake.web;

import io.maillake.Maillake;
import io.maillake.auth.Accounts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The console's first administrator. {@code serve} creates it on first start and prints its
 * generated password once; only a hash is kept. {@code demo} keeps its generated password in a
 * file of the data directory readable by the owner alone, and prints the login on every start
 * while that password still works, so whoever runs the demo can always log in.
 */
public final class FirstStart {
    /** The demo's administrator password, for the demo only (never written by {@code serve}). */
    public static final String DEMO_LOGIN_FILE = "demo-admin-password.txt";

    private FirstStart() { }

    /** Creates the first administrator if there is no user and prints its login. */
    public static Optional<String> announce(Maillake app, PrintWriter out) {
        Optional<String> password = app.accounts().ensureFirstAdmin();
        password.ifPresent(pw -> {
            out.println("First start: log in to the console as '" + Accounts.FIRST_ADMIN + "' with the password " + pw);
            out.println("(shown only now; change it under Account. Lost it? maillake serve --reset-password " + Accounts.FIRST_ADMIN + ")");
            out.flush();
        });
        return password;
    }

    /** For {@code demo}: the administrator's login, printed on every start while it still works. */
    public static void demo(Maillake app, PrintWriter out) {
        Path file = app.dataDir().resolve(DEMO_LOGIN_FILE);
        Optional<String> created = app.accounts().ensureFirstAdmin();
        try {
            if (created.isPresent()) write(file, created.get());
            String password = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
            if (password != null && app.accounts().passwordWorks(Accounts.FIRST_ADMIN, password)) {
                out.println("Console login: " + Accounts.FIRST_ADMIN + " / " + password + "   (demo only; kept in " + file + ")");
            } else {
                out.println("Console login: " + Accounts.FIRST_ADMIN + " with the password you set (maillake serve --reset-password "
                        + Accounts.FIRST_ADMIN + " makes a new one)");
            }
        } catch (IOException e) {
            out.println("Console login: " + Accounts.FIRST_ADMIN + " (cannot read " + file + ": " + e.getMessage() + ")");
        }
        out.flush();
    }

    /** For {@code --reset-password}: a new generated password for a user, printed once. */
    public static void resetPassword(Maillake app, String username, PrintWriter out) {
        String password = app.accounts().resetPassword(username);
        Path file = app.dataDir().resolve(DEMO_LOGIN_FILE);
        if (Files.exists(file) && Accounts.FIRST_ADMIN.equalsIgnoreCase(username)) {
            try {
                write(file, password);
            } catch (IOException e) {
                out.println("(cannot update " + file + ": " + e.getMessage() + ")");
            }
        }
        out.println("New password of '" + username + "': " + password + "   (shown only now; their sessions were ended)");
        out.flush();
    }

    private static void write(Path file, String password) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(Set.of(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
    }
}
