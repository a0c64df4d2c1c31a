package io.edgeprov.gateway.app.bench;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.registry.AttestedKeys;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.DeviceChange;
import io.edgeprov.gateway.core.registry.IssueCertificate;
import io.edgeprov.gateway.core.registry.RegistryCommands;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.IssuedCertificate;
import io.edgeprov.pki.IssuanceRequest;
import io.edgeprov.pki.KeyAlgorithm;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Puts devices holding a current certificate into a gateway's registry through its domain write command
 * ({@link RegistryCommands#issue}), the way an attested enrollment records them: with real certificates
 * for devices that will connect, and with small stand-in DER for the many that only fill the registry
 * (the CRL reads serials and revocations, never the certificates).
 */
final class BenchDevices {
    /** Writes in flight at once: enough for the registry's single writer to group its commits. */
    private static final int IN_FLIGHT = 4000;
    private static final Duration LIFETIME = Duration.ofDays(30);
    private static final byte[] STAND_IN_DER = {0x30, 0x03, 0x02, 0x01, 0x00};

    /** A device with its key and certificate chain, recorded in the registry, ready to connect. */
    record Credential(String deviceId, PrivateKey key, List<X509Certificate> chain) {
        Credential {
            chain = List.copyOf(chain);
        }
    }

    private final RegistryCommands commands;
    private final SecureRandom random;
    private final Clock clock;

    BenchDevices(RegistryCommands commands, SecureRandom random, Clock clock) {
        this.commands = commands;
        this.random = random;
        this.clock = clock;
    }

    /** The ids {@code prefix0} .. {@code prefix(count-1)}. */
    static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    /** Records a stand-in certificate (random 127-bit serial, valid 30 days) for each device, waiting for every commit. */
    void issueStandIns(List<String> deviceIds) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (String deviceId : deviceIds) {
            String serial = CertificateRecord.serialHexOf(new BigInteger(127, random).setBit(100));
            pending.add(commands.issue(issue(new CertificateRecord(serial, deviceId, now.minusSeconds(60), now.plus(LIFETIME),
                    STAND_IN_DER, now, Optional.empty()), now)));
            if (pending.size() >= IN_FLIGHT) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }

    /** Issues a real certificate for a new P-256 key through the gateway's CA and records it. */
    Credential issueReal(String deviceId, CertificateAuthority authority, Provider provider) throws Exception {
        KeyPair key = KeyAlgorithm.EC_P256.generate(provider, random);
        IssuedCertificate issued = authority.issue(IssuanceRequest.of(deviceId, key.getPublic()));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        commands.issue(issue(new CertificateRecord(issued.serialHex(), deviceId, issued.notBefore(), issued.notAfter(),
                issued.der(), now, Optional.empty()), now)).join();
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(issued.toX509());
        chain.addAll(authority.chain());
        return new Credential(deviceId, key.getPrivate(), chain);
    }

    /** {@link #issueReal} for many devices, with the registry writes in flight together (one commit each would take minutes). */
    List<Credential> issueReal(List<String> deviceIds, CertificateAuthority authority, Provider provider) throws Exception {
        List<Credential> credentials = new ArrayList<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (String deviceId : deviceIds) {
            KeyPair key = KeyAlgorithm.EC_P256.generate(provider, random);
            IssuedCertificate issued = authority.issue(IssuanceRequest.of(deviceId, key.getPublic()));
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            pending.add(commands.issue(issue(new CertificateRecord(issued.serialHex(), deviceId, issued.notBefore(),
                    issued.notAfter(), issued.der(), now, Optional.empty()), now)));
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(issued.toX509());
            chain.addAll(authority.chain());
            credentials.add(new Credential(deviceId, key.getPrivate(), chain));
            if (pending.size() >= IN_FLIGHT) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        return credentials;
    }

    private static IssueCertificate issue(CertificateRecord certificate, Instant now) {
        byte[] ek = certificate.deviceId().getBytes(StandardCharsets.UTF_8);
        AttestedKeys keys = new AttestedKeys(Sha256Digest.of(ek), new byte[] {0, 2, 0, 0});
        return new IssueCertificate(certificate, new DeviceChange.Attested(now, keys),
                AuditEvent.of(now, "gateway", "certificate.issue", certificate.deviceId(), AuditOutcome.SUCCESS, "OK")
                        .withDetail("serial", certificate.serialHex()));
    }
}
