package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateway-side cost of enrollment and renewal on one thread (run it under {@code taskset -c 0} for one
 * core), with SoftwareTpm devices made beforehand. Device-side TPM work (ActivateCredential, key creation,
 * TPM2_Certify, CSR signing) happens between the timed phases, so only begin, finish and renew are timed.
 * In-memory stores: the registry's own throughput is measured by {@code RegistryThroughputMain}.
 *
 * <p>Arguments: devices (default 400), renewals per device (default 3), warm-up rounds (default 2).
 * Writes the figures to {@code target/enrollment-throughput.txt} and logs them at INFO.
 */
public final class EnrollmentThroughputMain {

    private static final Logger LOG = LoggerFactory.getLogger(EnrollmentThroughputMain.class);

    private EnrollmentThroughputMain() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int renewalsPerDevice = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String result = "";
        for (int round = 0; round <= warmups; round++) {
            result = run(devices, renewalsPerDevice);
            LOG.info("round {}{}: {}", round, round < warmups ? " (warm-up)" : "", result);
        }
        Path out = Path.of("target", "enrollment-throughput.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, result + System.lineSeparator(), StandardCharsets.UTF_8);
    }

    private static String run(int count, int renewalsPerDevice) throws Exception {
        EnrollmentPolicy policy = new EnrollmentPolicy(Duration.ofMinutes(10), Duration.ofHours(24), 1_000_000,
                Duration.ofDays(30));
        try (GatewayFixture gateway = GatewayFixture.inMemory(policy, 1_000_000)) {
            List<TestDevice> fleet = new ArrayList<>();
            List<AttestationBegin> begins = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                TestDevice device = TestDevice.ecc(String.format("bench-%05d", i));
                gateway.givenIndividualEnrollment(device);
                fleet.add(device);
                begins.add(device.begin());
            }
            List<Challenge> challenges = new ArrayList<>();
            long beginNanos = System.nanoTime();
            for (int i = 0; i < count; i++) {
                challenges.add(GatewayFixture.accepted(gateway.service.begin(fleet.get(i).id(), begins.get(i)).join()));
            }
            beginNanos = System.nanoTime() - beginNanos;

            List<AttestationFinish> finishes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                finishes.add(fleet.get(i).finish(challenges.get(i)));
            }
            List<ClientIdentity.Device> identities = new ArrayList<>();
            long finishNanos = System.nanoTime();
            List<CredentialBundle> bundles = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                bundles.add(GatewayFixture.accepted(gateway.service.finish(fleet.get(i).id(), finishes.get(i)).join()));
            }
            finishNanos = System.nanoTime() - finishNanos;
            for (int i = 0; i < count; i++) {
                identities.add(GatewayFixture.identityOf(fleet.get(i).id(), bundles.get(i)));
            }

            List<RenewRequest> renewals = new ArrayList<>();
            for (int r = 0; r < renewalsPerDevice; r++) {
                for (TestDevice device : fleet) {
                    renewals.add(device.renewSameKey());
                }
            }
            long renewNanos = System.nanoTime();
            for (int i = 0; i < renewals.size(); i++) {
                GatewayFixture.accepted(gateway.service.renew(identities.get(i % count), renewals.get(i)).join());
            }
            renewNanos = System.nanoTime() - renewNanos;

            double enrollMs = (beginNanos + finishNanos) / 1e6 / count;
            return String.format("%d devices: begin %.2f ms, finish %.2f ms, begin+finish %.2f ms = %.0f"
                    + " enrollments/s; %d same-key renewals: %.2f ms = %.0f renewals/s (one thread)", count,
                    beginNanos / 1e6 / count, finishNanos / 1e6 / count, enrollMs, 1000 / enrollMs, renewals.size(),
                    renewNanos / 1e6 / renewals.size(), renewals.size() / (renewNanos / 1e9));
        }
    }
}
