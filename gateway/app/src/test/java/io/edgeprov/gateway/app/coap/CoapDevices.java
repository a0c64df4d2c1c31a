package io.edgeprov.gateway.app.coap;

import io.edgeprov.contracts.codec.CborDeviceCodec;
import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.AttestationProofs;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.registry.Enrollment;
import io.edgeprov.gateway.core.registry.EnrollmentRule;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistry;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.sim.device.DeviceCsr;
import io.edgeprov.sim.tpm.CertifyResult;
import io.edgeprov.sim.tpm.SoftwareTpm;
import io.edgeprov.sim.tpm.TpmKeyHandle;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Given-helpers for CoAP devices: an allowed software-TPM device and the CBOR bodies it sends to attb and sen. */
public final class CoapDevices {
    public static final CborDeviceCodec CBOR = new CborDeviceCodec();
    public static final ClientToken TOKEN = new ClientToken("coap-it");

    private CoapDevices() {
    }

    /** A software TPM whose EK an individual enrollment for {@code id} allows. */
    public static SoftwareTpm allowed(SqliteRegistry registry, String id) throws Exception {
        SoftwareTpm tpm = SoftwareTpm.builder().endorsementKey(SoftwareTpm.EndorsementKeyType.ECC_P256).build();
        Sha256Digest ek = Sha256Digest.of(TpmPublic.unmarshalTpm2b(tpm.endorsementKeyPublic()).marshalTpm2b());
        registry.enrollments().add(new Enrollment("device-" + id, new EnrollmentRule.Individual(id, ek), true, "technician:test",
                Instant.now()), AuditEvent.of(Instant.now(), "technician:test", "enrollment.add", id, AuditOutcome.SUCCESS, "OK"))
                .join();
        return tpm;
    }

    /** The CBOR body of {@code attb}: the MQTT begin plus {@code deviceId}. */
    public static byte[] begin(SoftwareTpm tpm, String id) {
        return CBOR.encode(new AttestationBegin(TOKEN, tpm.endorsementKeyPublic(), tpm.endorsementKeyCertificate(),
                tpm.attestationKeyPublic(), Optional.of(new DeviceId(id))));
    }

    /** The CBOR body of {@code sen} answering {@code challenge} with a fresh TPM device key. */
    public static byte[] finish(SoftwareTpm tpm, String id, Challenge challenge) throws Exception {
        byte[] secret = tpm.activateCredential(challenge.credentialBlob(), challenge.encryptedSecret());
        byte[] proof = AttestationProofs.secretProof(secret, challenge.challengeId());
        TpmKeyHandle key = tpm.createDeviceKey();
        CertifyResult evidence = tpm.certify(key, AttestationProofs.qualifyingData(challenge.challengeId(), secret));
        return CBOR.encode(new AttestationFinish(TOKEN, challenge.challengeId(), proof, evidence.attestation(),
                evidence.signature(), tpm.publicArea(key), DeviceCsr.build(tpm, key, new DeviceId(id)), Optional.of(new DeviceId(id))));
    }

    /** A PKCS#10 request for the key of {@code certificate}, signed with {@code key}. */
    public static byte[] csr(String id, X509Certificate certificate, PrivateKey key) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + id), certificate.getPublicKey())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)).getEncoded();
    }
}
