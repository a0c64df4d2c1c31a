package io.edgeprov.gateway.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfsslBaselineTest {
    @TempDir
    Path folder;

    @Test
    void a_missing_cfssl_gives_no_rate_and_says_which_package_to_install() throws Exception {
        CfsslBaseline baseline = new CfsslBaseline(folder.resolve("no-such-cfssl").toString(), new BouncyCastleProvider(), new SecureRandom());

        CfsslBaseline.Outcome outcome = baseline.measure(folder.resolve("cfssl"), 1, 1);

        assertThat(outcome.signPerSecond()).isEmpty();
        assertThat(outcome.note()).contains("apt-get install -y golang-cfssl");
    }
}
