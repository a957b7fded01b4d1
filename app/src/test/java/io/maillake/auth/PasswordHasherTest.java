package io.maillake.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void aHashIsArgon2idWithItsParametersAndAFreshSalt() {
        String a = hasher.hash("open sesame please");
        String b = hasher.hash("open sesame please");
        assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(a).isNotEqualTo(b).doesNotContain("open sesame");
    }

    @Test
    void onlyTheRightPasswordVerifies() {
        String h = hasher.hash("open sesame please");
        assertThat(hasher.verify("open sesame please", h)).isTrue();
        assertThat(hasher.verify("open sesame pleasE", h)).isFalse();
        assertThat(hasher.verify("", h)).isFalse();
        assertThat(hasher.verify("open sesame please", "$argon2id$garbage")).isFalse();
        assertThat(hasher.verify(null, h)).isFalse();
    }

    @Test
    void aHashMadeWithWeakerParametersAsksToBeReplaced() {
        PasswordHasher weak = new PasswordHasher(new PasswordHasher.Params(1024, 1, 1));
        String old = weak.hash("open sesame please");
        assertThat(hasher.verify("open sesame please", old)).isTrue();
        assertThat(hasher.needsRehash(old)).isTrue();
        assertThat(hasher.needsRehash(hasher.hash("x"))).isFalse();
    }
}
