package io.edgeprov.pki.tpm;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXCertPathChecker;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Validates an EK certificate against a bundle of TPM manufacturer roots (PKIX, no revocation
 * checks, time from the injected clock). On the EK certificate itself a critical subjectAltName
 * (read by {@link EkCertificate#parse} even where the JDK cannot) and a critical
 * subjectDirectoryAttributes (the informational TPM specification) are marked handled: vendors
 * mark them critical and the JDK's validator would otherwise refuse the whole path.
 *
 * <p>The path runs from the EK certificate through the intermediates the device sent (at most
 * {@value #MAX_INTERMEDIATES}, any order; the TPM's EK chain NV indices and the vendor's published CAs) to a
 * configured root. Critical certificatePolicies carrying qualifiers (a CPS URI, as Intel's PTT and
 * STMicroelectronics' intermediates have) are accepted: the qualifiers are informational and the policies
 * themselves are still processed (docs/decisions/0025).
 */
public final class EkCertificateValidator {
    /** Most intermediates taken and followed below a root: Intel PTT's path has five. */
    public static final int MAX_INTERMEDIATES = 5;
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String SUBJECT_DIRECTORY_ATTRIBUTES = "2.5.29.9";

    private final Set<TrustAnchor> anchors;
    private final Clock clock;

    public EkCertificateValidator(Collection<X509Certificate> manufacturerRoots, Clock clock) {
        Objects.requireNonNull(manufacturerRoots, "manufacturerRoots");
        if (manufacturerRoots.isEmpty()) {
            throw new IllegalArgumentException("no manufacturer roots configured");
        }
        Set<TrustAnchor> a = new HashSet<>();
        for (X509Certificate root : manufacturerRoots) {
            a.add(new TrustAnchor(root, null));
        }
        this.anchors = Set.copyOf(a);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Checks the certificate's key against the EK, then its chain; see {@link #validateChain}. */
    public void validate(EkCertificate cert, TpmPublic ek, List<X509Certificate> intermediates) throws AttestationException {
        cert.checkKeyMatches(ek);
        validateChain(cert, intermediates);
    }

    /** Validates the chain from the EK certificate through {@code intermediates} (any order) to a configured root. */
    public void validateChain(EkCertificate cert, List<X509Certificate> intermediates) throws AttestationException {
        if (intermediates.size() > MAX_INTERMEDIATES) {
            throw new AttestationException(AttestationFailure.EK_CERT_UNTRUSTED,
                    intermediates.size() + " intermediates, at most " + MAX_INTERMEDIATES);
        }
        List<X509Certificate> path = orderedPath(cert.certificate(), intermediates);
        Date now = Date.from(clock.instant());
        for (X509Certificate c : path) {
            try {
                c.checkValidity(now);
            } catch (CertificateExpiredException e) {
                throw new AttestationException(AttestationFailure.EK_CERT_EXPIRED, "expired: " + c.getSubjectX500Principal(), e);
            } catch (CertificateNotYetValidException e) {
                throw new AttestationException(AttestationFailure.EK_CERT_NOT_YET_VALID, "not yet valid: " + c.getSubjectX500Principal(), e);
            }
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(now);
            // Vendors' intermediates mark certificatePolicies critical and add a CPS qualifier; qualifiers do not
            // change which policies are valid, and the JDK would otherwise refuse every such path.
            params.setPolicyQualifiersRejected(false);
            params.addCertPathChecker(new TcgExtensionChecker(cert.certificate()));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
        } catch (CertPathValidatorException e) {
            AttestationFailure f = e.getReason() == CertPathValidatorException.BasicReason.EXPIRED ? AttestationFailure.EK_CERT_EXPIRED
                    : e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID ? AttestationFailure.EK_CERT_NOT_YET_VALID
                    : AttestationFailure.EK_CERT_UNTRUSTED;
            String reason = e.getReason() == PKIXReason.NO_TRUST_ANCHOR ? "no configured manufacturer root" : String.valueOf(e.getReason());
            throw new AttestationException(f, "chain refused: " + reason, e);
        } catch (GeneralSecurityException e) {
            throw new AttestationException(AttestationFailure.EK_CERT_UNTRUSTED, "chain could not be checked (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The EK certificate followed by each issuer found among the intermediates, stopping at a root's subject. */
    private List<X509Certificate> orderedPath(X509Certificate leaf, List<X509Certificate> intermediates) {
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        X509Certificate current = leaf;
        for (int i = 0; i < MAX_INTERMEDIATES && !issuedByAnchor(current); i++) {
            X509Certificate next = null;
            for (X509Certificate c : intermediates) {
                if (!path.contains(c) && c.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            path.add(next);
            current = next;
        }
        return path;
    }

    private boolean issuedByAnchor(X509Certificate c) {
        for (TrustAnchor a : anchors) {
            if (a.getTrustedCert().getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                return true;
            }
        }
        return false;
    }

    /** Marks the EK certificate's TCG-shaped extensions as processed. */
    private static final class TcgExtensionChecker extends PKIXCertPathChecker {
        private final X509Certificate ekCert;

        TcgExtensionChecker(X509Certificate ekCert) {
            this.ekCert = ekCert;
        }

        @Override
        public void init(boolean forward) {
            // Stateless: nothing to reset between validations.
        }

        @Override
        public boolean isForwardCheckingSupported() {
            return true;
        }

        @Override
        public Set<String> getSupportedExtensions() {
            return Set.of(SUBJECT_ALT_NAME, SUBJECT_DIRECTORY_ATTRIBUTES);
        }

        @Override
        public void check(java.security.cert.Certificate cert, Collection<String> unresolvedCritExts) {
            if (cert.equals(ekCert)) {
                unresolvedCritExts.remove(SUBJECT_ALT_NAME);
                unresolvedCritExts.remove(SUBJECT_DIRECTORY_ATTRIBUTES);
            }
        }
    }
}
