package io.edgeprov.gateway.app;

import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.core.device.DevicePort;
import io.edgeprov.gateway.core.device.DeviceService;
import io.edgeprov.gateway.core.enrollment.EnrollmentMetrics;
import io.edgeprov.gateway.core.enrollment.EnrollmentPolicy;
import io.edgeprov.gateway.core.enrollment.EnrollmentService;
import io.edgeprov.gateway.core.enrollment.ManufacturerRoots;
import io.edgeprov.gateway.core.identity.ClientCertificatePolicy;
import io.edgeprov.gateway.core.identity.SourceAdmission;
import io.edgeprov.gateway.core.policy.RateLimiter;
import io.edgeprov.gateway.core.revocation.CrlFiles;
import io.edgeprov.gateway.core.revocation.CrlNumberFile;
import io.edgeprov.gateway.core.revocation.RevocationService;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistry;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.CsrVerifier;
import io.edgeprov.pki.EllipticCurveProvider;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.crl.CrlBuilder;
import io.edgeprov.pki.tpm.EvidenceVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The gateway's core, built once from the registry, the CA and the configuration: the enrollment use
 * cases with their one per-device rate limiter, revocation with its list of listeners, the connect
 * check every front end applies to a client certificate, and the per-source admission. Every front end
 * is an adapter over these same objects, so a second transport shares the limits, the audit log and
 * the revocation state instead of getting copies.
 */
final class GatewayCore {
    static final String CRL_NUMBER_FILE = "crl-number";
    /** Devices tracked per rate limiter: far above a gateway's fleet, bounded against spoofed ids. */
    private static final int RATE_LIMIT_KEYS = 1_000_000;
    /** Source addresses tracked for rate limits; bounded because addresses come from the network. */
    private static final int SOURCE_ADDRESSES_TRACKED = 100_000;
    private static final Pattern BUNDLE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    final EnrollmentService enrollment;
    final DevicePort devices;
    final RevocationService revocation;
    final ClientCertificatePolicy connectPolicy;
    final SourceAdmission sources;

    private GatewayCore(EnrollmentService enrollment, RevocationService revocation, ClientCertificatePolicy connectPolicy,
            SourceAdmission sources) {
        this.enrollment = enrollment;
        this.devices = new DeviceService(enrollment);
        this.revocation = revocation;
        this.connectPolicy = connectPolicy;
        this.sources = sources;
    }

    /**
     * @param verification where a finish's evidence checks run once its challenge is consumed (the request workers)
     */
    static GatewayCore assemble(GatewayConfig config, SqliteRegistry registry, CertificateAuthority authority,
            CrlBuilder crlBuilder, X509Certificate gatewayCa, EnrollmentMetrics metrics, Clock clock, SecureRandom random,
            Executor verification) {
        BouncyCastleProvider provider = new BouncyCastleProvider();
        int reattestEvery = config.certificates().reattestEveryRenewals();
        EnrollmentPolicy policy = new EnrollmentPolicy(config.enrollment().challengeTtl(), config.certificates().lifetime(),
                reattestEvery == 0 ? Integer.MAX_VALUE : reattestEvery, config.certificates().reattestAfter());
        EnrollmentService enrollment = EnrollmentService.builder()
                .enrollments(registry.enrollments())
                .devices(registry.devices())
                .challenges(registry.challenges())
                .certificates(registry.certificates())
                .commands(registry.commands())
                .auditLog(registry.auditLog())
                .certificateAuthority(authority)
                .csrVerifier(new CsrVerifier(config.certificates().allowedKeys(), provider, EllipticCurveProvider.installFirst()))
                .evidenceVerifier(new EvidenceVerifier(provider))
                .manufacturerRoots(manufacturerRoots(config.dataDir().resolve("manufacturer-roots")))
                .pendingDevices(registry.pendingDevices())
                .clock(clock)
                .random(random)
                .metrics(metrics)
                .policy(policy)
                .rateLimiter(new RateLimiter(config.rateLimits().perDevicePerMinute(), RATE_LIMIT_KEYS, clock))
                .verificationExecutor(verification)
                .build();
        RevocationService revocation = RevocationService.builder()
                .certificates(registry.certificates())
                .commands(registry.commands())
                .auditLog(registry.auditLog())
                .directory(registry.directory())
                .enrollments(registry.enrollments())
                .revocations(registry.revocations())
                .crlBuilder(crlBuilder)
                .crlNumbers(new CrlNumberFile(config.dataDir().resolve(CRL_NUMBER_FILE)))
                .crlFiles(new CrlFiles(config.dataDir()))
                .clock(clock)
                .random(random)
                .build();
        FleetNaming naming = new FleetNaming(config.fleet().organization(), config.fleet().trustDomain());
        ClientCertificatePolicy connectPolicy = new ClientCertificatePolicy(gatewayCa, naming,
                new RegistryRevocationStatus(registry.certificates()), clock);
        SourceAdmission sources = new RateLimiter(config.rateLimits().perSourcePerMinute(), SOURCE_ADDRESSES_TRACKED,
                clock)::tryAcquire;
        return new GatewayCore(enrollment, revocation, connectPolicy, sources);
    }

    /**
     * Group enrollments name a bundle of manufacturer roots that {@code allow --group} copied to
     * {@code <dataDir>/manufacturer-roots/<bundle>.pem}; read on each lookup so a group allowed while
     * the gateway runs takes effect at once.
     */
    static ManufacturerRoots manufacturerRoots(Path folder) {
        java.util.function.Function<String, Optional<List<X509Certificate>>> lookup = bundleId -> {
            if (!BUNDLE_ID.matcher(bundleId).matches()) {
                return Optional.empty();
            }
            Path file = folder.resolve(bundleId + ".pem");
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(file)) {
                List<X509Certificate> roots = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                        .map(X509Certificate.class::cast).toList();
                return roots.isEmpty() ? Optional.empty() : Optional.of(roots);
            } catch (IOException | CertificateException e) {
                return Optional.empty();
            }
        };
        return new ManufacturerRoots() {
            @Override
            public Optional<List<X509Certificate>> roots(String bundleId) {
                return lookup.apply(bundleId);
            }

            /** Every bundle file, so the pending queue can tell a genuine TPM that no group admits. */
            @Override
            public List<String> bundleIds() {
                try (java.util.stream.Stream<Path> files = Files.list(folder)) {
                    return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".pem"))
                            .map(n -> n.substring(0, n.length() - 4)).filter(n -> BUNDLE_ID.matcher(n).matches()).sorted()
                            .toList();
                } catch (IOException e) {
                    return List.of();
                }
            }
        };
    }
}
