package io.edgeprov.pki.crl;

import io.edgeprov.pki.PkiException;
import io.edgeprov.pki.keys.CaKeyStore;
import io.edgeprov.pki.keys.CaKeyStoreException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;

/**
 * Builds X.509 v2 CRLs signed by a CA key store.
 *
 * <p>The TBSCertList is assembled from ASN.1 parts directly rather than through
 * {@code X509v2CRLBuilder}, which builds an extensions generator and re-parses per entry; a CRL
 * is rebuilt on every revocation, so 100,000 entries must stay cheap. The reason-code extension is
 * left out for {@link CrlReason#UNSPECIFIED}, as RFC 5280 §5.3.1 asks.
 */
public final class CrlBuilder {
    private final CaKeyStore keyStore;
    private final Clock clock;
    private final X500Name issuer;
    private final Extension authorityKeyId;
    private final Extension[] reasonExtensions = new Extension[11];

    public CrlBuilder(CaKeyStore keyStore, Clock clock) throws PkiException {
        this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            X509CertificateHolder ca = new X509CertificateHolder(keyStore.certificate().getEncoded());
            this.issuer = ca.getSubject();
            X509ExtensionUtils ids = new X509ExtensionUtils(new BcDigestCalculatorProvider()
                    .get(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1)));
            this.authorityKeyId = new Extension(Extension.authorityKeyIdentifier, false,
                    ids.createAuthorityKeyIdentifier(ca).getEncoded());
            for (CrlReason reason : CrlReason.values()) {
                reasonExtensions[reason.code()] = new Extension(Extension.reasonCode, false,
                        new ASN1Enumerated(reason.code()).getEncoded());
            }
        } catch (IOException | CertificateEncodingException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new PkiException("cannot read the CA certificate of " + keyStore.description(), e);
        }
    }

    /**
     * Builds and signs a CRL.
     *
     * @param number      the CRL number; strictly greater than any earlier CRL of this CA
     * @param revoked     the entries; unexpired revoked certificates of this CA
     * @param nextUpdate  how long until relying parties should expect a newer CRL
     */
    public SignedCrl build(BigInteger number, Collection<RevokedCertificate> revoked, Duration nextUpdate)
            throws PkiException {
        if (number == null || number.signum() < 0 || number.bitLength() > 159) {
            throw new IllegalArgumentException("CRL number must be a non-negative integer of at most 20 octets");
        }
        if (nextUpdate == null || nextUpdate.isNegative() || nextUpdate.isZero()) {
            throw new IllegalArgumentException("nextUpdate must be positive");
        }
        Instant thisUpdate = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant next = thisUpdate.plus(nextUpdate);
        try {
            ContentSigner signer = keyStore.newSigner();
            AlgorithmIdentifier signatureAlgorithm = signer.getAlgorithmIdentifier();

            ASN1EncodableVector tbs = new ASN1EncodableVector(7);
            tbs.add(new ASN1Integer(1)); // v2
            tbs.add(signatureAlgorithm);
            tbs.add(issuer);
            tbs.add(new Time(Date.from(thisUpdate)));
            tbs.add(new Time(Date.from(next)));
            if (!revoked.isEmpty()) {
                // Revocations cluster in time (a lot revoked at once), and BouncyCastle formats
                // each Time through a new SimpleDateFormat: encode each distinct instant once.
                Map<Instant, Time> times = new HashMap<>();
                ASN1EncodableVector entries = new ASN1EncodableVector(revoked.size());
                for (RevokedCertificate entry : revoked) {
                    Time revokedAt = times.computeIfAbsent(entry.revokedAt().truncatedTo(ChronoUnit.SECONDS),
                            instant -> new Time(Date.from(instant)));
                    entries.add(entry(entry, revokedAt));
                }
                tbs.add(new DERSequence(entries));
            }
            Extensions extensions = new Extensions(new Extension[] {
                authorityKeyId,
                new Extension(Extension.cRLNumber, false, new CRLNumber(number).getEncoded()),
            });
            tbs.add(new org.bouncycastle.asn1.DERTaggedObject(true, 0, extensions));
            // Encode the TBSCertList once: the same bytes are signed and embedded.
            byte[] tbsDer = new DERSequence(tbs).getEncoded("DER");
            try (OutputStream out = signer.getOutputStream()) {
                out.write(tbsDer);
            }
            byte[] algorithmDer = signatureAlgorithm.getEncoded("DER");
            byte[] signatureDer = new DERBitString(signer.getSignature()).getEncoded("DER");
            ByteArrayOutputStream crl = new ByteArrayOutputStream(tbsDer.length + algorithmDer.length + signatureDer.length + 8);
            crl.write(0x30);
            writeLength(crl, tbsDer.length + algorithmDer.length + signatureDer.length);
            crl.write(tbsDer);
            crl.write(algorithmDer);
            crl.write(signatureDer);
            return new SignedCrl(number, thisUpdate, next, revoked.size(), crl.toByteArray());
        } catch (CaKeyStoreException e) {
            throw new PkiException("the CA key cannot sign the CRL: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PkiException("cannot encode the CRL", e);
        }
    }

    private DERSequence entry(RevokedCertificate entry, Time revokedAt) {
        if (entry.reason() == CrlReason.UNSPECIFIED) {
            return new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new ASN1Integer(entry.serial()), revokedAt});
        }
        return new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
            new ASN1Integer(entry.serial()), revokedAt,
            new DERSequence(reasonExtensions[entry.reason().code()])
        });
    }

    /** DER definite length: short form below 128, else the count of length octets then the octets. */
    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 128) {
            out.write(length);
            return;
        }
        int octets = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
        out.write(0x80 | octets);
        for (int i = octets - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }
}
