package io.edgeprov.pki.crl;

import io.edgeprov.pki.PkiException;
import io.edgeprov.pki.keys.CaKeyStore;
import io.edgeprov.pki.keys.CaKeyStoreException;
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
import java.util.Objects;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;

/**
 * Builds X.509 v2 CRLs signed by a CA key store.
 *
 * <p>A CRL is rebuilt on every revocation, so 100,000 entries must cost little more than hashing
 * and signing their 4.8 MB (docs/decisions/0002). The fixed fields are encoded with BouncyCastle
 * once per build; the revoked-certificate list, the only part that grows, is written entry by
 * entry as DER straight into one buffer ({@link RevokedEntryEncoder}), with no ASN.1 object per
 * entry. The output is the DER BouncyCastle itself produces for the same content (tested). The
 * reason-code extension is left out for {@link CrlReason#UNSPECIFIED}, as RFC 5280 §5.3.1 asks.
 */
public final class CrlBuilder {
    /** An entry with a 127-bit serial, a UTCTime and a reason is 41 octets; a little more avoids most regrowth. */
    private static final int ENTRY_SIZE_GUESS = 44;

    private final CaKeyStore keyStore;
    private final Clock clock;
    private final X500Name issuer;
    private final Extension authorityKeyId;
    private final RevokedEntryEncoder entryEncoder;

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
            byte[][] reasonExtensions = new byte[11][];
            for (CrlReason reason : CrlReason.values()) {
                if (reason != CrlReason.UNSPECIFIED) {
                    reasonExtensions[reason.code()] = new DERSequence(new Extension(Extension.reasonCode, false,
                            new ASN1Enumerated(reason.code()).getEncoded())).getEncoded("DER");
                }
            }
            this.entryEncoder = new RevokedEntryEncoder(reasonExtensions);
        } catch (IOException | CertificateEncodingException | OperatorCreationException e) {
            throw new PkiException("cannot read the CA certificate of " + keyStore.description(), e);
        }
    }

    /**
     * Builds and signs a CRL.
     *
     * @param number      the CRL number; strictly greater than any earlier CRL of this CA
     * @param revoked     the entries, listed in this order; unexpired revoked certificates of this CA
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

            DerBuffer entries = new DerBuffer(revoked.size() * ENTRY_SIZE_GUESS);
            for (RevokedCertificate entry : revoked) {
                entryEncoder.write(entry, entries);
            }
            byte[] head = concatenated(new ASN1Integer(1).getEncoded("DER"), // v2
                    signatureAlgorithm.getEncoded("DER"), issuer.getEncoded("DER"),
                    new Time(Date.from(thisUpdate)).getEncoded("DER"), new Time(Date.from(next)).getEncoded("DER"));
            byte[] tail = new DERTaggedObject(true, 0, new Extensions(new Extension[] {
                authorityKeyId,
                new Extension(Extension.cRLNumber, false, new CRLNumber(number).getEncoded()),
            })).getEncoded("DER");
            // An empty list is left out entirely, as RFC 5280 §5.1.2.6 asks, rather than sent as an empty SEQUENCE.
            int list = revoked.isEmpty() ? 0 : DerBuffer.headerLength(entries.size()) + entries.size();
            int tbsBody = head.length + list + tail.length;
            DerBuffer tbs = new DerBuffer(DerBuffer.headerLength(tbsBody) + tbsBody);
            tbs.header(DerBuffer.SEQUENCE, tbsBody);
            tbs.write(head);
            if (!revoked.isEmpty()) {
                tbs.header(DerBuffer.SEQUENCE, entries.size());
                tbs.write(entries.array(), 0, entries.size());
            }
            tbs.write(tail);
            // The TBSCertList is encoded once: the same bytes are signed and embedded.
            try (OutputStream out = signer.getOutputStream()) {
                out.write(tbs.array(), 0, tbs.size());
            }
            byte[] algorithm = signatureAlgorithm.getEncoded("DER");
            byte[] signature = new DERBitString(signer.getSignature()).getEncoded("DER");
            int crlBody = tbs.size() + algorithm.length + signature.length;
            DerBuffer crl = new DerBuffer(DerBuffer.headerLength(crlBody) + crlBody);
            crl.header(DerBuffer.SEQUENCE, crlBody);
            crl.write(tbs.array(), 0, tbs.size());
            crl.write(algorithm);
            crl.write(signature);
            return new SignedCrl(number, thisUpdate, next, revoked.size(), crl.toByteArray());
        } catch (CaKeyStoreException e) {
            throw new PkiException("the CA key cannot sign the CRL: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PkiException("cannot encode the CRL", e);
        }
    }

    private static byte[] concatenated(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        DerBuffer out = new DerBuffer(length);
        for (byte[] part : parts) {
            out.write(part);
        }
        return out.toByteArray();
    }
}
