package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import java.util.concurrent.CompletableFuture;

/** The device-facing use cases a transport adapter calls; implemented by {@link EnrollmentService}. */
public interface EnrollmentUseCases {

    /** Attestation step 1: checks the enrollment, EK and AK and answers with a one-use credential challenge. */
    CompletableFuture<EnrollmentOutcome<Challenge>> begin(String deviceId, AttestationBegin request);

    /** Attestation step 2: checks the activated secret and the certified key, then issues and records a certificate. */
    CompletableFuture<EnrollmentOutcome<CredentialBundle>> finish(String deviceId, AttestationFinish request);

    /** Renewal authenticated by the device's current certificate. */
    CompletableFuture<EnrollmentOutcome<CredentialBundle>> renew(ClientIdentity.Device who, RenewRequest request);
}
