package io.edgeprov.gateway.app.bench;

import io.edgeprov.pki.CaHierarchy;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.GeneratedCa;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.crl.CrlBuilder;
import io.edgeprov.pki.crl.CrlReason;
import io.edgeprov.pki.crl.RevokedCertificate;
import io.edgeprov.pki.crl.SignedCrl;
import io.edgeprov.pki.keys.SoftwareCaKeyStore;
import java.math.BigInteger;
import java.security.Provider;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds and signs a CRL of many entries a few times and reports the median: the part of every
 * revocation that grows with the number of revoked certificates (docs/decisions/0002, 0023). The CA
 * key is a P-256 key in the form the gateway's PKCS#12 store signs with; the entries look like a
 * fleet's (127-bit serials, one revocation per second, every reason), because entries sharing one
 * instant would hide the cost of writing each revocation date.
 */
public final class CrlBuildPhase {
    /** Unmeasured builds first: the JIT compiles the encoder during these. */
    static final int WARM_UPS = 2;

    private final int entries;
    private final int runs;
    private final Provider provider;
    private final SecureRandom random;
    private final Clock clock;

    public CrlBuildPhase(int entries, int runs, Provider provider, SecureRandom random, Clock clock) {
        if (entries < 1 || runs < 1) {
            throw new IllegalArgumentException("entries and runs must be positive, were " + entries + " and " + runs);
        }
        this.entries = entries;
        this.runs = runs;
        this.provider = provider;
        this.random = random;
        this.clock = clock;
    }

    /** What one phase measured. */
    public record Outcome(double medianMillis, double maxMillis, int crlBytes) {
    }

    public Outcome measure() throws Exception {
        CaHierarchy hierarchy = new CaHierarchy(new FleetNaming("Bench Fleet", "bench.internal"), provider, random, clock);
        GeneratedCa ca = hierarchy.createFleetRoot(KeyAlgorithm.EC_P256, Duration.ofDays(30));
        SoftwareCaKeyStore store = SoftwareCaKeyStore.fastest(ca.keyPair().getPrivate(), List.of(ca.certificate()), provider);
        CrlBuilder builder = new CrlBuilder(store, clock);
        List<RevokedCertificate> revoked = entries();
        double[] millis = new double[runs];
        int bytes = 0;
        for (int i = -WARM_UPS; i < runs; i++) {
            long start = System.nanoTime();
            SignedCrl crl = builder.build(BigInteger.valueOf(i + WARM_UPS + 1L), revoked, Duration.ofHours(24));
            if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            bytes = crl.der().length;
        }
        Arrays.sort(millis);
        return new Outcome(millis[runs / 2], millis[runs - 1], bytes);
    }

    private List<RevokedCertificate> entries() {
        CrlReason[] reasons = CrlReason.values();
        Instant first = clock.instant().minusSeconds(entries);
        List<RevokedCertificate> list = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            list.add(new RevokedCertificate(new BigInteger(127, random).setBit(100), first.plusSeconds(i), reasons[i % reasons.length]));
        }
        return list;
    }
}
