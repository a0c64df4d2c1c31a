package io.edgeprov.sim.fleet;

import java.io.IOException;
import java.io.Writer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * What a technician hands the gateway before a fleet run: individual enrollments as CSV and the
 * manufacturer CA as PEM for a group enrollment.
 *
 * <p>The EK digest is SHA-256 over the whole TPM2B_PUBLIC (2-byte size, then the TPMT_PUBLIC): what
 * the gateway's individual enrollments pin (docs/decisions/0009), and exactly {@code sha256sum ek.pub}
 * of {@code tpm2_createek -u ek.pub}, so a technician can compute it with stock tools.
 */
public final class Onboarding {
    /** The CSV header line. */
    public static final String CSV_HEADER = "deviceId,ekSha256";

    private Onboarding() {
    }

    /** SHA-256 of the whole TPM2B_PUBLIC {@code ekTpm2bPublic}, lowercase hex. */
    public static String ekSha256(byte[] ekTpm2bPublic) {
        if (ekTpm2bPublic.length < 3) {
            throw new IllegalArgumentException("ekTpm2bPublic: too short for a TPM2B_PUBLIC");
        }
        int size = (ekTpm2bPublic[0] & 0xff) << 8 | ekTpm2bPublic[1] & 0xff;
        if (size != ekTpm2bPublic.length - 2) {
            throw new IllegalArgumentException("ekTpm2bPublic: size prefix " + size + " does not match "
                    + (ekTpm2bPublic.length - 2) + " bytes of public area");
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(ekTpm2bPublic);
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Writes the header and one line per entry, LF line ends. */
    public static void writeCsv(List<OnboardingEntry> entries, Writer out) throws IOException {
        out.write(CSV_HEADER);
        out.write('\n');
        for (OnboardingEntry entry : entries) {
            // device ids cannot hold commas or quotes (contract rule), so no CSV quoting is needed
            out.write(entry.deviceId().value());
            out.write(',');
            out.write(entry.ekSha256());
            out.write('\n');
        }
        out.flush();
    }

    /** The certificate as PEM, 64-character lines. */
    public static String pem(X509Certificate certificate) {
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode " + certificate.getSubjectX500Principal(), e);
        }
    }
}
