package io.edgeprov.pki.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassphraseSourceTest {
    private static final String SECRET = "s3cret-Passphrase";

    @TempDir
    Path dir;

    private Path givenPassphraseFile(String content, String permissions) throws IOException {
        Path file = dir.resolve("ca.pass");
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private static String read(PassphraseSource source) throws CaKeyStoreException {
        try (Passphrase passphrase = source.read()) {
            return new String(passphrase.copyChars());
        }
    }

    @Test
    void file_source_drops_one_trailing_newline() throws Exception {
        assertThat(read(PassphraseSource.fromFile(givenPassphraseFile(SECRET + "\n", "rw-------")))).isEqualTo(SECRET);
    }

    @Test
    void file_source_drops_a_trailing_crlf() throws Exception {
        assertThat(read(PassphraseSource.fromFile(givenPassphraseFile(SECRET + "\r\n", "rw-------")))).isEqualTo(SECRET);
    }

    @Test
    void file_source_keeps_a_second_trailing_newline() throws Exception {
        assertThat(read(PassphraseSource.fromFile(givenPassphraseFile(SECRET + "\n\n", "rw-------")))).isEqualTo(SECRET + "\n");
    }

    @Test
    void file_source_keeps_inner_and_leading_spaces() throws Exception {
        assertThat(read(PassphraseSource.fromFile(givenPassphraseFile(" a b ", "r--------")))).isEqualTo(" a b ");
    }

    @Test
    void file_source_reads_utf8() throws Exception {
        assertThat(read(PassphraseSource.fromFile(givenPassphraseFile("Grüße-€", "rw-------")))).isEqualTo("Grüße-€");
    }

    @Test
    void missing_file_is_refused_naming_the_path() {
        Path missing = dir.resolve("nope.pass");
        assertThatThrownBy(() -> PassphraseSource.fromFile(missing).read())
                .isInstanceOfSatisfying(CaKeyStoreException.class,
                        e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.PASSPHRASE_MISSING))
                .hasMessageContaining(missing.toString());
    }

    @Test
    void empty_file_is_refused() throws Exception {
        Path file = givenPassphraseFile("", "rw-------");
        assertThatThrownBy(() -> PassphraseSource.fromFile(file).read())
                .isInstanceOfSatisfying(CaKeyStoreException.class,
                        e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.PASSPHRASE_EMPTY));
    }

    @Test
    void file_with_only_a_newline_is_refused_as_empty() throws Exception {
        Path file = givenPassphraseFile("\n", "rw-------");
        assertThatThrownBy(() -> PassphraseSource.fromFile(file).read())
                .isInstanceOfSatisfying(CaKeyStoreException.class,
                        e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.PASSPHRASE_EMPTY));
    }

    @Test
    void group_readable_file_is_refused_with_a_fix_and_without_the_secret() throws Exception {
        Path file = givenPassphraseFile(SECRET, "rw-r-----");
        assertThatThrownBy(() -> PassphraseSource.fromFile(file).read())
                .isInstanceOfSatisfying(CaKeyStoreException.class,
                        e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.PASSPHRASE_FILE_TOO_OPEN))
                .hasMessageContaining("chmod 600")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void world_readable_file_is_refused() throws Exception {
        Path file = givenPassphraseFile(SECRET, "rw----r--");
        assertThatThrownBy(() -> PassphraseSource.fromFile(file).read())
                .isInstanceOfSatisfying(CaKeyStoreException.class,
                        e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.PASSPHRASE_FILE_TOO_OPEN));
    }

    @Test
    void file_that_is_not_utf8_is_refused() throws Exception {
        Path file = dir.resolve("latin1.pass");
        Files.write(file, new byte[] {'a', (byte) 0xff, 'b'});
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> PassphraseSource.fromFile(file).read())
                .isInstanceOfSatisfying(CaKeyStoreException.class,
                        e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.PASSPHRASE_UNREADABLE))
                .hasMessageContaining("UTF-8");
    }

    @Test
    void environment_source_reads_the_named_variable_through_the_injected_lookup() throws Exception {
        PassphraseSource source = PassphraseSource.fromEnvironment("EDGEPROV_CA_PASSPHRASE", Map.of("EDGEPROV_CA_PASSPHRASE", SECRET)::get);
        assertThat(read(source)).isEqualTo(SECRET);
    }

    @Test
    void unset_variable_is_refused_naming_the_variable() {
        PassphraseSource source = PassphraseSource.fromEnvironment("EDGEPROV_CA_PASSPHRASE", Map.<String, String>of()::get);
        assertThatThrownBy(source::read)
                .isInstanceOfSatisfying(CaKeyStoreException.class,
                        e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.PASSPHRASE_MISSING))
                .hasMessageContaining("EDGEPROV_CA_PASSPHRASE");
    }

    @Test
    void empty_variable_is_refused_naming_the_variable() {
        PassphraseSource source = PassphraseSource.fromEnvironment("EDGEPROV_CA_PASSPHRASE", Map.of("EDGEPROV_CA_PASSPHRASE", "")::get);
        assertThatThrownBy(source::read)
                .isInstanceOfSatisfying(CaKeyStoreException.class,
                        e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.PASSPHRASE_EMPTY))
                .hasMessageContaining("EDGEPROV_CA_PASSPHRASE");
    }

    @Test
    void a_malformed_variable_name_is_refused() {
        assertThatThrownBy(() -> PassphraseSource.fromEnvironment("1=BAD", Map.<String, String>of()::get))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void environment_source_description_names_the_variable_but_not_the_value() {
        PassphraseSource source = PassphraseSource.fromEnvironment("EDGEPROV_CA_PASSPHRASE", Map.of("EDGEPROV_CA_PASSPHRASE", SECRET)::get);
        assertThat(source.description() + source).contains("EDGEPROV_CA_PASSPHRASE").doesNotContain(SECRET);
    }

    @Test
    void in_memory_source_never_prints_the_secret() {
        PassphraseSource source = PassphraseSource.ofChars(SECRET.toCharArray());
        assertThat(source.description() + source).doesNotContain(SECRET);
    }

    @Test
    void in_memory_source_gives_a_fresh_passphrase_after_one_was_wiped() throws Exception {
        PassphraseSource source = PassphraseSource.ofChars(SECRET.toCharArray());
        source.read().wipe();
        assertThat(read(source)).isEqualTo(SECRET);
    }
}
