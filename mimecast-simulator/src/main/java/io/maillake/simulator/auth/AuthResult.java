package io.maillake.simulator.auth;

import io.maillake.simulator.http.Reply;

/** Outcome of authenticating a log request. */
public sealed interface AuthResult {
    /** Verified: the request acts for {@code account} through the API 1.0 binding or an API 2.0 token. */
    record Authenticated(int account, boolean api1) implements AuthResult {
    }

    /** Refused with this reply (401, with the body shape of the auth scheme used). */
    record Rejected(Reply reply) implements AuthResult {
    }
}
