package io.edgeprov.gateway.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.InMemoryRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchDevicesTest {
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final BenchDevices devices = new BenchDevices(registry, new SecureRandom(), Clock.systemUTC());

    @Test
    void names_devices_by_prefix_and_index() {
        assertThat(BenchDevices.ids("bench-batch-", 3)).containsExactly("bench-batch-0", "bench-batch-1", "bench-batch-2");
    }

    @Test
    void every_stand_in_device_holds_one_current_certificate_a_batch_can_revoke() {
        List<String> ids = BenchDevices.ids("d-", 50);

        devices.issueStandIns(ids);

        assertThat(registry.currentCertificateCounts(Instant.now())).hasSize(50).allSatisfy((id, count) -> assertThat(count).isOne());
        assertThat(ids).allSatisfy(id -> assertThat(registry.certificates().findByDevice(id)).singleElement()
                .satisfies(certificate -> assertThat(certificate.isRevoked()).isFalse()));
    }

    @Test
    void stand_in_serials_are_distinct_and_as_long_as_a_real_one() {
        devices.issueStandIns(BenchDevices.ids("d-", 200));

        List<String> serials = BenchDevices.ids("d-", 200).stream()
                .map(id -> registry.certificates().findByDevice(id).get(0)).map(CertificateRecord::serialHex).toList();
        assertThat(serials).doesNotHaveDuplicates().allSatisfy(serial -> assertThat(serial).hasSizeBetween(26, 32));
    }
}
