package io.edgeprov.gateway.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrlNumberFileTest {
    @TempDir
    Path folder;

    @Test
    void numbers_start_at_one_and_strictly_increase() {
        CrlNumberFile numbers = new CrlNumberFile(folder.resolve("crl-number"));

        assertThat(numbers.next()).isEqualTo(BigInteger.ONE);
        assertThat(numbers.next()).isEqualTo(BigInteger.TWO);
    }

    @Test
    void the_number_survives_a_new_instance_as_after_a_restart() {
        new CrlNumberFile(folder.resolve("crl-number")).next();
        new CrlNumberFile(folder.resolve("crl-number")).next();

        assertThat(new CrlNumberFile(folder.resolve("crl-number")).current()).isEqualTo(BigInteger.TWO);
    }

    @Test
    void a_file_that_holds_no_number_is_refused_naming_the_file() throws Exception {
        Files.writeString(folder.resolve("crl-number"), "twelve\n");

        assertThatThrownBy(() -> new CrlNumberFile(folder.resolve("crl-number")).next())
                .isInstanceOfSatisfying(RevocationException.class,
                        e -> assertThat(e.failure()).isEqualTo(RevocationFailure.CRL_STORAGE_FAILED))
                .hasMessageContaining("crl-number");
    }
}
