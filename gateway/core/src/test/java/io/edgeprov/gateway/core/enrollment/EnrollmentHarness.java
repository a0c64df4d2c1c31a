package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.ChallengeStore;
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
        return inMemory(deviceId, EnrollmentMetrics.none());
    }

    /** The same, reporting to {@code metrics} too (a full gateway's metrics, which a leak check scrapes). */
    public static EnrollmentHarness inMemory(String deviceId, EnrollmentMetrics metrics) throws Exception {
        GatewayFixture gateway = GatewayFixture.inMemory(metrics);
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
