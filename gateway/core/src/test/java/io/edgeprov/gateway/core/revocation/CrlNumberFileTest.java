package io.edgeprov.gateway.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    @Test
    void two_instances_in_one_process_as_a_gateway_and_its_revoke_command_hand_out_every_number_once() throws Exception {
        // The JDK refuses a second lock on one file in one JVM instead of waiting; the CLI run in-process beside
        // a gateway (tests, embedders) used to fail with OverlappingFileLockException.
        CrlNumberFile gateway = new CrlNumberFile(folder.resolve("crl-number"));
        CrlNumberFile command = new CrlNumberFile(folder.resolve("crl-number"));
        int perInstance = 200;
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<BigInteger>>> handedOut = new ArrayList<>();
            for (CrlNumberFile numbers : List.of(gateway, command, gateway, command)) {
                handedOut.add(threads.submit(() -> {
                    List<BigInteger> mine = new ArrayList<>();
                    for (int i = 0; i < perInstance / 2; i++) {
                        mine.add(numbers.next());
                    }
                    return mine;
                }));
            }
            Set<BigInteger> all = new HashSet<>();
            for (Future<List<BigInteger>> each : handedOut) {
                all.addAll(each.get(30, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(2 * perInstance);
            assertThat(gateway.current()).isEqualTo(BigInteger.valueOf(2L * perInstance));
        } finally {
            threads.shutdownNow();
        }
    }
}
