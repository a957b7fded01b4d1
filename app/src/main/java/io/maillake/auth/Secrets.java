package io.maillake.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random credentials (session ids, CSRF and API tokens, generated passwords) and their stored hashes. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** No look-alike characters (0/O, 1/l/I), so a printed password can be typed. */
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private Secrets() { }

    /** 256 random bits, URL-safe base64: session ids, CSRF tokens, API token bodies. */
    public static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** 20 characters of a 56-letter alphabet: about 116 bits. */
    public static String password() {
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) sb.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        return sb.toString();
    }

    public static String id(String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 12; i++) sb.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        return sb.toString();
    }

    /**
     * SHA-256, hex: how session ids and API tokens are stored. They carry 256 random bits, so a fast
     * hash suffices (a slow KDF protects guessable passwords, which these are not).
     */
    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Constant-time comparison of two tokens. */
    public static boolean same(String a, String b) {
        if (a == null || b == null) return false;
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
