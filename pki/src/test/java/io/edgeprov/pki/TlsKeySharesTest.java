package io.edgeprov.pki;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JVM-wide property is saved and restored around each test. */
class TlsKeySharesTest {
    private String savedGroups;
    private String savedSwitch;

    @BeforeEach
    void save() {
        savedGroups = System.getProperty(TlsKeyShares.PROPERTY);
        savedSwitch = System.getProperty(TlsKeyShares.SWITCH);
    }

    @AfterEach
    void restore() {
        set(TlsKeyShares.PROPERTY, savedGroups);
        set(TlsKeyShares.SWITCH, savedSwitch);
    }

    @Test
    void puts_p256_first_and_keeps_x25519_when_nobody_chose() {
        System.clearProperty(TlsKeyShares.PROPERTY);
        System.clearProperty(TlsKeyShares.SWITCH);

        assertThat(TlsKeyShares.preferP256()).startsWith("secp256r1,x25519,");
        assertThat(System.getProperty(TlsKeyShares.PROPERTY)).isEqualTo(TlsKeyShares.P256_FIRST);
    }

    @Test
    void an_operators_choice_stands() {
        System.setProperty(TlsKeyShares.PROPERTY, "x25519");

        assertThat(TlsKeyShares.preferP256()).isEqualTo("x25519");
        assertThat(System.getProperty(TlsKeyShares.PROPERTY)).isEqualTo("x25519");
    }

    @Test
    void the_switch_keeps_the_jdk_default() {
        System.clearProperty(TlsKeyShares.PROPERTY);
        System.setProperty(TlsKeyShares.SWITCH, "false");

        assertThat(TlsKeyShares.preferP256()).isEqualTo("JDK default");
        assertThat(System.getProperty(TlsKeyShares.PROPERTY)).isNull();
    }

    private static void set(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
