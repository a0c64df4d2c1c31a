package io.edgeprov.gateway.app;

import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.gateway.config.GatewayConfig;
import io.edgeprov.gateway.enrollment.EnrollmentPolicy;
import io.edgeprov.gateway.enrollment.EnrollmentService;
import io.edgeprov.gateway.enrollment.ManufacturerRoots;
import io.edgeprov.gateway.policy.RateLimiter;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistry;
import io.edgeprov.gateway.transport.device.DeviceMessageHandler;
import io.edgeprov.pki.CsrVerifier;
import io.edgeprov.pki.EllipticCurveProvider;
import io.edgeprov.pki.tpm.EvidenceVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The one place that decides which device request handler a production gateway runs. */
public final class RequestHandlers {
    /** Devices tracked per rate limiter: far above a gateway's fleet, bounded against spoofed ids. */
    private static final int RATE_LIMIT_KEYS = 1_000_000;
    private static final Pattern BUNDLE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private RequestHandlers() {
    }

    /** The attested enrollment and renewal handler, speaking JSON over MQTT. */
    public static RequestHandlerFactory production() {
        return parts -> new DeviceMessageHandler(enrollmentService(parts), new JsonDeviceCodec());
    }

    static EnrollmentService enrollmentService(GatewayParts parts) {
        GatewayConfig config = parts.config();
        SqliteRegistry registry = parts.registry();
        BouncyCastleProvider provider = new BouncyCastleProvider();
        int reattestEvery = config.certificates().reattestEveryRenewals();
        EnrollmentPolicy policy = new EnrollmentPolicy(config.enrollment().challengeTtl(), config.certificates().lifetime(),
                reattestEvery == 0 ? Integer.MAX_VALUE : reattestEvery, config.certificates().reattestAfter());
        return EnrollmentService.builder()
                .enrollments(registry.enrollments())
                .devices(registry.devices())
                .challenges(registry.challenges())
                .certificates(registry.certificates())
                .auditLog(registry.auditLog())
                .certificateAuthority(parts.certificateAuthority())
                .csrVerifier(new CsrVerifier(config.certificates().allowedKeys(), provider, EllipticCurveProvider.installFirst()))
                .evidenceVerifier(new EvidenceVerifier(provider))
                .manufacturerRoots(manufacturerRoots(config.dataDir().resolve("manufacturer-roots")))
                .clock(parts.clock())
                .random(new SecureRandom())
                .metrics(parts.metrics())
                .policy(policy)
                .rateLimiter(new RateLimiter(config.rateLimits().perDevicePerMinute(), RATE_LIMIT_KEYS, parts.clock()))
                .verificationExecutor(parts.executor())
                .build();
    }

    /**
     * Group enrollments name a bundle of manufacturer roots that {@code allow --group} copied to
     * {@code <dataDir>/manufacturer-roots/<bundle>.pem}; read on each lookup so a group allowed while
     * the gateway runs takes effect at once.
     */
    static ManufacturerRoots manufacturerRoots(Path folder) {
        return bundleId -> {
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
    }
}
