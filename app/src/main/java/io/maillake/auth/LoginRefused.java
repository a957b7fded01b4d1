package io.maillake.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * A login that did not succeed. The message is the same whether the user name or the password was
 * wrong, or the user is disabled, so it reveals nothing about which accounts exist.
 */
public final class LoginRefused extends RuntimeException {
    private final Duration retryAfter;

    private LoginRefused(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    static LoginRefused badCredentials() {
        return new LoginRefused("The user name or password is not right.", null);
    }

    static LoginRefused throttled(Duration wait) {
        long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
        return new LoginRefused("Too many failed logins. Try again in " + minutes + (minutes == 1 ? " minute." : " minutes."), wait);
    }

    /** Present when the login was refused because of too many failures: how long to wait. */
    public Optional<Duration> retryAfter() { return Optional.ofNullable(retryAfter); }
}
