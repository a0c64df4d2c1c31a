package io.edgeprov.pki.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class Pkcs11ConfigTest {
    private static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    @Test
    void provider_configuration_names_the_slot_id() {
        Pkcs11Config config = new Pkcs11Config(LIBRARY, new Pkcs11Config.Slot(42216219L), "ca");
        assertThat(config.providerConfiguration("p")).contains("\nslot = 42216219\n");
    }

    @Test
    void provider_configuration_names_the_slot_list_index() {
        Pkcs11Config config = new Pkcs11Config(LIBRARY, new Pkcs11Config.SlotListIndex(2), "ca");
        assertThat(config.providerConfiguration("p")).contains("\nslotListIndex = 2\n");
    }

    @Test
    void provider_configuration_quotes_the_library() {
        Pkcs11Config config = new Pkcs11Config(Path.of("/opt/hsm vendor/lib.so"), new Pkcs11Config.Slot(0), "ca");
        assertThat(config.providerConfiguration("p")).contains("library = \"/opt/hsm vendor/lib.so\"");
    }

    @Test
    void generated_private_keys_are_sensitive_and_unextractable() {
        String text = new Pkcs11Config(LIBRARY, new Pkcs11Config.Slot(0), "ca").providerConfiguration("p");
        assertThat(text).contains("CKA_SENSITIVE = true").contains("CKA_EXTRACTABLE = false");
    }

    @Test
    void a_library_path_with_a_quote_is_refused() {
        assertThatThrownBy(() -> new Pkcs11Config(Path.of("/tmp/x\"y.so"), new Pkcs11Config.Slot(0), "ca"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("library path");
    }

    @Test
    void an_alias_with_spaces_is_refused() {
        assertThatThrownBy(() -> new Pkcs11Config(LIBRARY, new Pkcs11Config.Slot(0), "my ca"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyAlias");
    }

    @Test
    void a_negative_slot_is_refused() {
        assertThatThrownBy(() -> new Pkcs11Config.Slot(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_missing_library_is_refused_naming_it() {
        Pkcs11Config config = new Pkcs11Config(Path.of("/nonexistent/libsofthsm2.so"), new Pkcs11Config.Slot(0), "ca");
        assertThatThrownBy(() -> Pkcs11CaKeyStore.open(config, PassphraseSource.ofChars("1234".toCharArray())))
                .isInstanceOfSatisfying(CaKeyStoreException.class,
                        e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.TOKEN_UNAVAILABLE))
                .hasMessageContaining("/nonexistent/libsofthsm2.so does not exist");
    }
}
