package io.maillake.simulator.auth;

/**
 * Who a request claims to be, before verification: the account and the credential (API 1.0
 * binding or API 2.0 app) it names. Used to match faults and to pick the rate-limit bucket, so
 * that a request with a bad signature still counts against the right account in statistics.
 */
public record Identity(Integer account, String credential) {
    public static final Identity NONE = new Identity(null, null);

    public static Identity api1(int account) {
        return new Identity(account, "api1:" + account);
    }

    public static Identity api2(int account) {
        return new Identity(account, "api2:" + account);
    }
}
