package io.maillake.store.secrets;

/** The master key is missing, malformed or wrong, or a sealed secret does not open. Never carries a secret. */
public final class SecretsException extends RuntimeException {
    public SecretsException(String message) {
        super(message);
    }
}
