package io.edgeprov.sim.device;

import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.AttestationProofs;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ChallengeId;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.DeviceTopic;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.contracts.device.TopicKind;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.pki.IssuanceRequest;
import io.edgeprov.pki.IssuedCertificate;
import io.edgeprov.pki.tpm.AttestationException;
import io.edgeprov.pki.tpm.CertifyEvidence;
import io.edgeprov.pki.tpm.EvidenceVerifier;
import io.edgeprov.pki.tpm.MadeCredential;
import io.edgeprov.pki.tpm.MakeCredential;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.pki.tpm.VerifiedDeviceKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Plays the gateway for device tests with the real pki parts (EvidenceVerifier, MakeCredential,
 * CertificateAuthority) and no network: it answers one request with the reply messages a real
 * gateway would publish. Tests script refusals through {@link #refuseNext}.
 */
public final class FakeGateway {
    record Outgoing(String topic, byte[] payload) {
    }

    private record PendingChallenge(DeviceId device, byte[] secret, TpmPublic ak, java.time.Instant expiresAt) {
    }

    private final GatewayPki pki;
    private final Clock clock;
    private final JsonDeviceCodec codec = new JsonDeviceCodec();
    private final EvidenceVerifier verifier = new EvidenceVerifier();
    private final Map<String, PendingChallenge> challenges = new ConcurrentHashMap<>();
    private final Map<DeviceId, TpmPublic> attestationKeys = new ConcurrentHashMap<>();
    private final Map<TopicKind, Deque<WireErrorCode>> scriptedRefusals = new ConcurrentHashMap<>();
    public final AtomicInteger attestations = new AtomicInteger();
    public final AtomicInteger renewals = new AtomicInteger();
    final AtomicInteger renewalsWithNewKey = new AtomicInteger();

    public FakeGateway(GatewayPki pki, Clock clock) {
        this.pki = pki;
        this.clock = clock;
    }

    public List<X509Certificate> trustAnchors() {
        return List.of(pki.root);
    }

    /** The next request on {@code kind} is refused with {@code code}. */
    public void refuseNext(TopicKind kind, WireErrorCode code) {
        scriptedRefusals.computeIfAbsent(kind, k -> new ArrayDeque<>()).add(code);
    }

    /** What the gateway publishes in answer to {@code payload} on {@code topic} from a client presenting {@code certificate}. */
    synchronized List<Outgoing> handle(String topic, byte[] payload, Optional<X509Certificate> certificate) {
        DeviceTopic parsed = DeviceTopics.parse(topic).orElseThrow(() -> new IllegalArgumentException("not a device topic: " + topic));
        Optional<WireErrorCode> scripted = Optional.ofNullable(scriptedRefusals.get(parsed.kind())).map(Deque::poll);
        return switch (parsed.kind()) {
            case ATTEST_BEGIN -> {
                AttestationBegin begin = codec.decodeAttestationBegin(payload).decoded().orElseThrow();
                yield reply(topic, scripted.<DeviceMessage>map(c -> refusal(begin.clientToken(), c))
                        .orElseGet(() -> begin(parsed.deviceId(), begin)));
            }
            case ATTEST_FINISH -> {
                AttestationFinish finish = codec.decodeAttestationFinish(payload).decoded().orElseThrow();
                yield reply(topic, scripted.<DeviceMessage>map(c -> refusal(finish.clientToken(), c))
                        .orElseGet(() -> finish(parsed.deviceId(), finish)));
            }
            case RENEW -> {
                RenewRequest renew = codec.decodeRenewRequest(payload).decoded().orElseThrow();
                yield reply(topic, scripted.<DeviceMessage>map(c -> refusal(renew.clientToken(), c))
                        .orElseGet(() -> renew(parsed.deviceId(), renew, certificate)));
            }
            default -> throw new IllegalArgumentException("devices do not publish on " + parsed.kind());
        };
    }

    /** From now on only EKs with these SHA-256 digests (as in the onboarding CSV) may attest. */
    public void allowOnly(java.util.Set<String> ekDigests) {
        allowedEks = Optional.of(java.util.Set.copyOf(ekDigests));
    }

    private volatile Optional<java.util.Set<String>> allowedEks = Optional.empty();

    private DeviceMessage begin(DeviceId device, AttestationBegin begin) {
        if (allowedEks.filter(allowed -> !allowed.contains(io.edgeprov.sim.fleet.Onboarding.ekSha256(begin.ekPublic()))).isPresent()) {
            return refusal(begin.clientToken(), WireErrorCode.NOT_ENROLLED);
        }
        try {
            TpmPublic ek = verifier.checkEndorsementKey(begin.ekPublic());
            TpmPublic ak = verifier.checkAttestationKey(begin.akPublic());
            byte[] secret = new byte[32];
            pki.random.nextBytes(secret);
            MadeCredential made = MakeCredential.make(ek, ak.name(), secret, pki.random);
            byte[] id = new byte[12];
            pki.random.nextBytes(id);
            ChallengeId challengeId = new ChallengeId(Base64.getUrlEncoder().withoutPadding().encodeToString(id));
            java.time.Instant expiresAt = clock.instant().plusSeconds(60);
            challenges.put(challengeId.value(), new PendingChallenge(device, secret, ak, expiresAt));
            return new Challenge(begin.clientToken(), challengeId, made.idObject(), made.encryptedSecret(), expiresAt);
        } catch (AttestationException e) {
            return refusal(begin.clientToken(), WireErrorCode.AK_ATTRIBUTES_INVALID);
        } catch (io.edgeprov.pki.tpm.TpmFormatException e) {
            return refusal(begin.clientToken(), WireErrorCode.EK_MISMATCH);
        }
    }

    private DeviceMessage finish(DeviceId device, AttestationFinish finish) {
        PendingChallenge challenge = challenges.remove(finish.challengeId().value());
        if (challenge == null || !challenge.device().equals(device)) {
            return refusal(finish.clientToken(), WireErrorCode.CHALLENGE_UNKNOWN);
        }
        if (!AttestationProofs.secretProofMatches(challenge.secret(), finish.challengeId(), finish.secretProof())) {
            return refusal(finish.clientToken(), WireErrorCode.SECRET_PROOF_INVALID);
        }
        try {
            VerifiedDeviceKey key = verifier.verifyCertify(challenge.ak(),
                    AttestationProofs.qualifyingData(finish.challengeId(), challenge.secret()),
                    new CertifyEvidence(finish.certifyInfo(), finish.certifySignature(), finish.deviceKeyPublic(), finish.csr()));
            attestationKeys.put(device, challenge.ak());
            attestations.incrementAndGet();
            return bundle(finish.clientToken(), device, key.publicKey());
        } catch (AttestationException e) {
            return refusal(finish.clientToken(), WireErrorCode.ATTESTATION_SIGNATURE_INVALID);
        }
    }

    /**
     * For runs through a real broker that already checked the client certificate: a renewal
     * without a presented certificate is judged against the last certificate issued to the device.
     */
    public void trustBrokerAuthentication() {
        brokerAuthenticates = true;
    }

    private volatile boolean brokerAuthenticates;
    private final Map<DeviceId, X509Certificate> issued = new ConcurrentHashMap<>();

    private DeviceMessage renew(DeviceId device, RenewRequest renew, Optional<X509Certificate> presented) {
        Optional<X509Certificate> certificate = presented.isEmpty() && brokerAuthenticates
                ? Optional.ofNullable(issued.get(device)) : presented;
        if (certificate.isEmpty()) {
            return refusal(renew.clientToken(), WireErrorCode.NOT_AUTHORIZED);
        }
        if (!clock.instant().isBefore(certificate.get().getNotAfter().toInstant())) {
            return refusal(renew.clientToken(), WireErrorCode.CERTIFICATE_EXPIRED);
        }
        try {
            PublicKey csrKey = new JcaPKCS10CertificationRequest(new PKCS10CertificationRequest(renew.csr())).getPublicKey();
            if (renew.newKey().isPresent()) {
                var newKey = renew.newKey().get();
                VerifiedDeviceKey key = verifier.verifyCertify(attestationKeys.get(device),
                        AttestationProofs.renewalQualifyingData(renew.csr()), new CertifyEvidence(newKey.certifyInfo(),
                                newKey.certifySignature(), newKey.deviceKeyPublic(), renew.csr()));
                renewalsWithNewKey.incrementAndGet();
                renewals.incrementAndGet();
                return bundle(renew.clientToken(), device, key.publicKey());
            }
            if (!java.util.Arrays.equals(csrKey.getEncoded(), certificate.get().getPublicKey().getEncoded())) {
                return refusal(renew.clientToken(), WireErrorCode.CSR_KEY_MISMATCH);
            }
            renewals.incrementAndGet();
            return bundle(renew.clientToken(), device, csrKey);
        } catch (AttestationException e) {
            return refusal(renew.clientToken(), WireErrorCode.ATTESTATION_SIGNATURE_INVALID);
        } catch (Exception e) {
            return refusal(renew.clientToken(), WireErrorCode.MALFORMED_MESSAGE);
        }
    }

    private DeviceMessage bundle(ClientToken token, DeviceId device, PublicKey key) {
        try {
            IssuedCertificate certificate = pki.authority.issue(IssuanceRequest.of(device.value(), key));
            issued.put(device, GatewayPki.parse(certificate.der()));
            List<byte[]> chain = pki.authority.chain().stream().map(FakeGateway::der).toList();
            return new CredentialBundle(token, certificate.der(), chain, certificate.notAfter(), certificate.renewAfter());
        } catch (Exception e) {
            return refusal(token, WireErrorCode.INTERNAL_ERROR);
        }
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Rejection refusal(ClientToken token, WireErrorCode code) {
        return new Rejection(token, code, "scripted by the test: " + code.name());
    }

    private List<Outgoing> reply(String requestTopic, DeviceMessage message) {
        String replyTopic = message instanceof Rejection ? DeviceTopics.rejected(requestTopic) : DeviceTopics.accepted(requestTopic);
        return List.of(new Outgoing(replyTopic, codec.encode(message)));
    }
}
