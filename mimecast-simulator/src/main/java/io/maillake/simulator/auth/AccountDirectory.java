package io.maillake.simulator.auth;

import io.maillake.simulator.Api1Credentials;
import io.maillake.simulator.Api2Credentials;
import io.maillake.simulator.SimAccount;
import io.maillake.simulator.gen.AccountProfile;
import io.maillake.simulator.gen.Rng;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The accounts and the credentials they accept, derived deterministically from the seed: app ID
 * and app key are GUIDs, the access key 86 URL-safe characters, the secret key standard base64 of
 * 64 bytes, the client ID and secret random alphanumerics. Immutable; thread-safe.
 */
public final class AccountDirectory {
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final List<SimAccount> accounts;
    private final Map<String, Integer> byAccessKey = new HashMap<>();
    private final Map<String, Integer> byAppId = new HashMap<>();
    private final Map<String, Integer> byClientId = new HashMap<>();

    public AccountDirectory(long seed, List<AccountProfile> profiles) {
        List<SimAccount> list = new ArrayList<>();
        for (int i = 0; i < profiles.size(); i++) {
            Rng r = new Rng(Rng.hash(seed, 0xC4ED5L, i));
            Api1Credentials api1 = new Api1Credentials(guid(r), guid(r),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(r, 64)),
                    Base64.getEncoder().encodeToString(bytes(r, 64)));
            Api2Credentials api2 = new Api2Credentials(alnum(r, 32), alnum(r, 48));
            String code = "CUSA" + Long.toHexString(r.nextLong() >>> 40).toUpperCase(Locale.ROOT);
            list.add(new SimAccount(i, code, profiles.get(i).domains(), api1, api2));
            byAccessKey.put(api1.accessKey(), i);
            byAppId.put(api1.appId(), i);
            byClientId.put(api2.clientId(), i);
        }
        accounts = List.copyOf(list);
    }

    public List<SimAccount> accounts() {
        return accounts;
    }

    public SimAccount account(int index) {
        return accounts.get(index);
    }

    public Integer byAccessKey(String accessKey) {
        return byAccessKey.get(accessKey);
    }

    public Integer byAppId(String appId) {
        return byAppId.get(appId);
    }

    public Integer byClientId(String clientId) {
        return byClientId.get(clientId);
    }

    private static byte[] bytes(Rng r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** A version-4 style GUID, lower case, like the application IDs of the Admin Console. */
    private static String guid(Rng r) {
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        String h = String.format("%016x%016x", hi, lo);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
    }

    private static String alnum(Rng r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }
}
