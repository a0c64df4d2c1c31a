package io.edgeprov.pki.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaKeyStoreConfigTest {
    private static final String PASSPHRASE = "config-Passphrase-1";

    private final TestCa testCa = new TestCa();

    @TempDir
    Path dir;

    @Test
    void pkcs12_configuration_opens_the_file() throws Exception {
        TestCa.Ca ca = testCa.selfSignedRoot("Gateway CA");
        Path file = dir.resolve("ca.p12");
        PassphraseSource passphrase = PassphraseSource.ofChars(PASSPHRASE.toCharArray());
        Pkcs12CaKeyStore.write(file, ca.privateKey(), ca.chain(), passphrase,
                Pkcs12WriteOptions.defaults().withKeyIterations(Pkcs12WriteOptions.MIN_ITERATIONS), testCa.bc);
        try (CaKeyStore store = new CaKeyStoreConfig.Pkcs12File(file, passphrase).open()) {
            assertThat(store.certificate()).isEqualTo(ca.certificate());
        }
    }

    @Test
    void pkcs12_configuration_prints_no_secret() {
        CaKeyStoreConfig config = new CaKeyStoreConfig.Pkcs12File(dir.resolve("ca.p12"), PassphraseSource.ofChars(PASSPHRASE.toCharArray()));
        assertThat(config.toString()).contains("ca.p12").doesNotContain(PASSPHRASE);
    }

    @Test
    void pkcs11_configuration_prints_no_pin() {
        CaKeyStoreConfig config = new CaKeyStoreConfig.Pkcs11Token(
                new Pkcs11Config(Pkcs11Config.SOFTHSM2_LIBRARY, new Pkcs11Config.Slot(7), "ca"),
                PassphraseSource.ofChars("246810".toCharArray()));
        assertThat(config.toString()).contains("Slot[id=7]").doesNotContain("246810");
    }
}
