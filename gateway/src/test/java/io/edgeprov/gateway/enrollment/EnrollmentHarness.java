package io.edgeprov.gateway.enrollment;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.gateway.audit.AuditEntry;
import io.edgeprov.gateway.identity.ClientIdentity;
import io.edgeprov.gateway.observability.GatewayMetrics;
import io.edgeprov.gateway.registry.CertificateStore;
import io.edgeprov.gateway.registry.ChallengeStore;
import java.util.List;

/** One enrolled-to-be device and its gateway, for tests outside this package (the wire adapter's). */
public final class EnrollmentHarness implements AutoCloseable {

    private final GatewayFixture gateway;
    private final TestDevice device;

    private EnrollmentHarness(GatewayFixture gateway, TestDevice device) {
        this.gateway = gateway;
        this.device = device;
    }

    /** An in-memory gateway with an individual enrollment for an ECC-EK device {@code deviceId}. */
    public static EnrollmentHarness inMemory(String deviceId) throws Exception {
        GatewayFixture gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.ecc(deviceId);
        gateway.givenIndividualEnrollment(device);
        return new EnrollmentHarness(gateway, device);
    }

    public EnrollmentService service() {
        return gateway.service;
    }

    public AttestationBegin begin() {
        return device.begin();
    }

    public AttestationFinish finish(Challenge challenge) throws Exception {
        return device.finish(challenge);
    }

    public AttestationFinish finishWithWrongProof(Challenge challenge) throws Exception {
        return device.finish(challenge, TestDevice.Finish.WRONG_PROOF);
    }

    public RenewRequest renew() throws Exception {
        return device.renewSameKey();
    }

    public ClientIdentity.Device identityOf(CredentialBundle bundle) throws Exception {
        return GatewayFixture.identityOf(device.id(), bundle);
    }

    public byte[] lastSecret() {
        return device.lastSecret();
    }

    public byte[] lastProof() {
        return device.lastProof();
    }

    public byte[] caPrivateKey() {
        return gateway.caPrivateKey.clone();
    }

    public String clientToken() {
        return TestDevice.TOKEN.value();
    }

    public List<AuditEntry> auditEntries() {
        return gateway.auditEntries();
    }

    public String metricsScrape() {
        return gateway.metrics.scrape();
    }

    /** The gateway's metrics, so a test can add the gauges and counters a full gateway registers. */
    public GatewayMetrics metrics() {
        return gateway.metrics;
    }

    public ChallengeStore challenges() {
        return gateway.challenges;
    }

    public CertificateStore certificates() {
        return gateway.certificates;
    }

    @Override
    public void close() throws Exception {
        gateway.close();
    }
}
