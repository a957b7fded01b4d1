package io.maillake.simulator.auth;

import io.maillake.simulator.Api1Credentials;
import io.maillake.simulator.http.ErrorBodies;
import io.maillake.simulator.http.ErrorCodes;
import io.maillake.simulator.http.FailKey;
import io.maillake.simulator.http.Request;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * Verifies API 1.0 requests exactly (API.md 1.1-1.2): the four headers, the access key and app
 * ID of one account, the x-mc-date format and skew, and the HMAC over the literal date, request
 * ID, request path and app key. Every refusal is a 401 with a {@code fail[].errors[]} body and a
 * code from {@link ErrorCodes}. Thread-safe.
 */
public final class Api1Authenticator {
    // Strict: two-digit day, English names, and the day of week must match the date.
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss", Locale.US)
            .withResolverStyle(ResolverStyle.STRICT);

    private final AccountDirectory directory;
    private final Duration skew;

    public Api1Authenticator(AccountDirectory directory, Duration skew) {
        this.directory = directory;
        this.skew = skew;
    }

    /** The account named by the access key, unverified; null if none. */
    public Integer claimedAccount(Request req) {
        String auth = req.header("Authorization");
        if (auth == null || !auth.startsWith("MC ")) {
            return null;
        }
        int colon = auth.lastIndexOf(':');
        return colon < 3 ? null : directory.byAccessKey(auth.substring(3, colon));
    }

    public AuthResult authenticate(Request req, Instant now) {
        for (String h : new String[] {"Authorization", "x-mc-date", "x-mc-req-id", "x-mc-app-id"}) {
            String v = req.header(h);
            if (v == null || v.isBlank()) {
                return reject(req, ErrorCodes.HEADER_MISSING, "Missing required header " + h);
            }
        }
        String auth = req.header("Authorization");
        int colon = auth.lastIndexOf(':');
        if (!auth.startsWith("MC ") || colon <= 3 || colon == auth.length() - 1) {
            return reject(req, ErrorCodes.HEADER_MALFORMED, "Authorization header must be 'MC accessKey:signature'");
        }
        String accessKey = auth.substring(3, colon);
        String signature = auth.substring(colon + 1);
        Integer account = directory.byAccessKey(accessKey);
        if (account == null) {
            return reject(req, ErrorCodes.ACCESS_KEY_UNKNOWN, "Unknown access key");
        }
        Integer appAccount = directory.byAppId(req.header("x-mc-app-id").trim());
        if (appAccount == null || !appAccount.equals(account)) {
            return reject(req, ErrorCodes.DEVELOPER_KEY, "Connection headers has not been configured: unknown application ID for this access key");
        }
        String date = req.header("x-mc-date");
        Instant signedAt = parseDate(date);
        if (signedAt == null) {
            return reject(req, ErrorCodes.DATE_MALFORMED, "x-mc-date must look like 'Tue, 24 Nov 2015 12:50:11 UTC'");
        }
        if (Duration.between(signedAt, now).abs().compareTo(skew) > 0) {
            return reject(req, ErrorCodes.DATE_SKEWED, "x-mc-date differs from the server time by more than " + skew.toMinutes() + " minutes");
        }
        Api1Credentials creds = directory.account(account).api1();
        if (!Api1Signature.verify(creds.secretKey(), date, req.header("x-mc-req-id"), req.path(), creds.appKey(), signature)) {
            return reject(req, ErrorCodes.SIGNATURE_INVALID, "The request signature does not match");
        }
        return new AuthResult.Authenticated(account, true);
    }

    /** Parses {@code EEE, dd MMM yyyy HH:mm:ss UTC} (or GMT); null if malformed. */
    static Instant parseDate(String text) {
        if (text.length() < 5 || !(text.endsWith(" UTC") || text.endsWith(" GMT"))) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.substring(0, text.length() - 4), DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static AuthResult reject(Request req, String code, String message) {
        return new AuthResult.Rejected(ErrorBodies.fail(401, code, message, false, null, FailKey.of(req.body())));
    }
}
