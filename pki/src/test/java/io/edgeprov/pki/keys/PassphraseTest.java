package io.edgeprov.pki.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PassphraseTest {
    private static final char[] SECRET = "correct horse battery".toCharArray();

    @Test
    void to_string_is_redacted() {
        assertThat(Passphrase.of(SECRET).toString()).isEqualTo("Passphrase[redacted]");
    }

    @Test
    void copy_chars_returns_the_secret() {
        assertThat(Passphrase.of(SECRET).copyChars()).containsExactly(SECRET);
    }

    @Test
    void changing_a_copy_leaves_the_passphrase_intact() {
        Passphrase passphrase = Passphrase.of(SECRET);
        char[] copy = passphrase.copyChars();
        java.util.Arrays.fill(copy, 'x');
        assertThat(passphrase.copyChars()).containsExactly(SECRET);
    }

    @Test
    void changing_the_source_array_leaves_the_passphrase_intact() {
        char[] source = SECRET.clone();
        Passphrase passphrase = Passphrase.of(source);
        java.util.Arrays.fill(source, 'x');
        assertThat(passphrase.copyChars()).containsExactly(SECRET);
    }

    @Test
    void a_wiped_passphrase_refuses_to_give_out_its_characters() {
        Passphrase passphrase = Passphrase.of(SECRET);
        passphrase.wipe();
        assertThat(passphrase.isWiped()).isTrue();
        assertThatThrownBy(passphrase::copyChars).isInstanceOf(IllegalStateException.class).hasMessageContaining("wiped");
    }

    @Test
    void closing_wipes() {
        Passphrase passphrase = Passphrase.of(SECRET);
        passphrase.close();
        assertThat(passphrase.length()).isZero();
    }

    @Test
    void an_empty_passphrase_is_refused() {
        assertThatThrownBy(() -> Passphrase.of(new char[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
