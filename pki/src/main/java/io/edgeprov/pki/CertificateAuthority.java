package io.edgeprov.pki;

import io.edgeprov.pki.keys.CaKeyStore;
import io.edgeprov.pki.keys.CaKeyStoreException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * A gateway's intermediate CA issuing device certificates by its {@link DeviceCertificateProfile}.
 *
 * <p>The caller has already authorised the device and checked its key (CSR signature, TPM
 * evidence); this class only applies the profile and signs. The extensions that are the same in
 * every certificate are built once. Safe for concurrent use if the key store is.
 */
public final class CertificateAuthority {
    private final CaKeyStore keyStore;
    private final DeviceCertificateProfile profile;
    private final Clock clock;
    private final SerialNumbers serials;
    private final X500Name issuer;
    private final Extension basicConstraints;
    private final Extension keyUsage;
    private final Extension extendedKeyUsage;
    private final Extension authorityKeyId;
    private final Extension crlDistributionPoints;

    private CertificateAuthority(Builder builder) throws PkiException {
        this.keyStore = builder.keyStore;
        this.profile = builder.profile;
        this.clock = builder.clock;
        this.serials = new SerialNumbers(builder.random);
        try {
            X509CertificateHolder caHolder = new X509CertificateHolder(keyStore.certificate().getEncoded());
            this.issuer = caHolder.getSubject();
            AuthorityKeyIdentifier aki = Certificates.extensionUtils().createAuthorityKeyIdentifier(caHolder);
            this.basicConstraints = new Extension(Extension.basicConstraints, true, new BasicConstraints(false).getEncoded());
            this.keyUsage = new Extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature).getEncoded());
            this.extendedKeyUsage = new Extension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth).getEncoded());
            this.authorityKeyId = new Extension(Extension.authorityKeyIdentifier, false, aki.getEncoded());
            this.crlDistributionPoints = new Extension(Extension.cRLDistributionPoints, false,
                    crlDistPoint(profile.crlDistributionPoints()).getEncoded());
        } catch (IOException | CertificateEncodingException e) {
            throw new PkiException("cannot read the CA certificate of " + keyStore.description(), e);
        }
        if (keyStore.certificate().getBasicConstraints() < 0) {
            throw new PkiException("the key store's certificate is not a CA certificate: " + keyStore.description());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public DeviceCertificateProfile profile() {
        return profile;
    }

    /** The CA certificate first, then its issuers: what a device stores next to its own certificate. */
    public List<java.security.cert.X509Certificate> chain() {
        return keyStore.certificateChain();
    }

    /**
     * Signs a device certificate. Its validity starts a few minutes back (clock skew), is clipped
     * to the CA's own notAfter, and its subject and SAN come from the profile alone.
     */
    public IssuedCertificate issue(IssuanceRequest request) throws PkiException {
        Duration lifetime = request.lifetime().orElse(profile.lifetime());
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = now.minus(CaHierarchy.BACKDATE);
        Instant notAfter = now.plus(lifetime);
        Instant caNotAfter = keyStore.certificate().getNotAfter().toInstant();
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter;
        }
        if (!notAfter.isAfter(now)) {
            throw new PkiException("the gateway CA has expired (" + caNotAfter + "); renew it before issuing");
        }
        SubjectPublicKeyInfo keyInfo = Certificates.keyInfo(request.publicKey());
        BigInteger serial = serials.next();
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
                    Date.from(notAfter), profile.naming().deviceSubject(request.deviceId()), keyInfo)
                    .addExtension(basicConstraints)
                    .addExtension(keyUsage)
                    .addExtension(extendedKeyUsage)
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(
                            GeneralName.uniformResourceIdentifier, profile.naming().deviceUri(request.deviceId()).toString())))
                    .addExtension(Extension.subjectKeyIdentifier, false, subjectKeyId(keyInfo))
                    .addExtension(authorityKeyId)
                    .addExtension(crlDistributionPoints);
            byte[] der = builder.build(keyStore.newSigner()).getEncoded();
            return new IssuedCertificate(request.deviceId(), serial, notBefore, notAfter, der);
        } catch (CaKeyStoreException e) {
            throw new PkiException("the gateway CA key cannot sign: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PkiException("cannot encode the device certificate for " + request.deviceId(), e);
        }
    }

    /**
     * Signs a person's TLS client certificate for the admin plane (EKU clientAuth, subject
     * {@code CN=<name>, OU=Operators, O=<organization>}, no SAN): the gateway recognises it by its SHA-256
     * once {@code operator add} registered it, never by its name.
     */
    public IssuedCertificate issueOperator(String operatorName, java.security.PublicKey publicKey, Duration lifetime)
            throws PkiException {
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofDays(398)) > 0) {
            throw new IllegalArgumentException("operator certificate lifetime must be positive and at most 398 days");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = now.minus(CaHierarchy.BACKDATE);
        Instant caNotAfter = keyStore.certificate().getNotAfter().toInstant();
        Instant notAfter = now.plus(lifetime).isAfter(caNotAfter) ? caNotAfter : now.plus(lifetime);
        SubjectPublicKeyInfo keyInfo = Certificates.keyInfo(publicKey);
        BigInteger serial = serials.next();
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
                    Date.from(notAfter), profile.naming().operatorSubject(operatorName), keyInfo)
                    .addExtension(basicConstraints)
                    .addExtension(keyUsage)
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false, subjectKeyId(keyInfo))
                    .addExtension(authorityKeyId);
            byte[] der = builder.build(keyStore.newSigner()).getEncoded();
            return new IssuedCertificate(operatorName, serial, notBefore, notAfter, der);
        } catch (CaKeyStoreException e) {
            throw new PkiException("the gateway CA key cannot sign: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PkiException("cannot encode the operator certificate for " + operatorName, e);
        }
    }

    /**
     * Signs a TLS server certificate for one of the gateway's own endpoints (its MQTT broker, its
     * CoAP/DTLS server): EKU serverAuth, SANs for the given DNS names and IP addresses, subject
     * {@code CN=<first name>, OU=Gateways, O=<organization>} so it stays inside the CA's name
     * constraints.
     */
    public IssuedCertificate issueServer(String serverId, java.security.PublicKey publicKey, List<String> dnsNames,
            List<java.net.InetAddress> addresses, Duration lifetime) throws PkiException {
        if (dnsNames.isEmpty() && addresses.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one DNS name or IP address");
        }
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofDays(398)) > 0) {
            throw new IllegalArgumentException("server certificate lifetime must be positive and at most 398 days");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = now.minus(CaHierarchy.BACKDATE);
        Instant caNotAfter = keyStore.certificate().getNotAfter().toInstant();
        Instant notAfter = now.plus(lifetime).isAfter(caNotAfter) ? caNotAfter : now.plus(lifetime);
        SubjectPublicKeyInfo keyInfo = Certificates.keyInfo(publicKey);
        BigInteger serial = serials.next();
        GeneralName[] names = new GeneralName[dnsNames.size() + addresses.size()];
        int i = 0;
        for (String dns : dnsNames) {
            names[i++] = new GeneralName(GeneralName.dNSName, dns);
        }
        for (java.net.InetAddress address : addresses) {
            names[i++] = new GeneralName(GeneralName.iPAddress, address.getHostAddress());
        }
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
                    Date.from(notAfter), profile.naming().serverSubject(serverId), keyInfo)
                    .addExtension(basicConstraints)
                    .addExtension(keyUsage)
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                    .addExtension(Extension.subjectKeyIdentifier, false, subjectKeyId(keyInfo))
                    .addExtension(authorityKeyId);
            byte[] der = builder.build(keyStore.newSigner()).getEncoded();
            return new IssuedCertificate(serverId, serial, notBefore, notAfter, der);
        } catch (CaKeyStoreException e) {
            throw new PkiException("the gateway CA key cannot sign: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PkiException("cannot encode the server certificate for " + serverId, e);
        }
    }

    /**
     * A fresh SHA-1 calculator per certificate: BouncyCastle's digest calculators keep state and are
     * not thread-safe, and a shared one corrupts SKIs (or throws) under concurrent issuance.
     */
    private static org.bouncycastle.asn1.x509.SubjectKeyIdentifier subjectKeyId(SubjectPublicKeyInfo keyInfo) {
        return Certificates.extensionUtils().createSubjectKeyIdentifier(keyInfo);
    }

    private static CRLDistPoint crlDistPoint(List<URI> uris) {
        GeneralName[] names = uris.stream()
                .map(uri -> new GeneralName(GeneralName.uniformResourceIdentifier, uri.toString()))
                .toArray(GeneralName[]::new);
        return new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(new DistributionPointName(new GeneralNames(names)), null, null)
        });
    }

    /** Builds a {@link CertificateAuthority}; every collaborator is required except clock and random. */
    public static final class Builder {
        private CaKeyStore keyStore;
        private DeviceCertificateProfile profile;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random;

        private Builder() {
        }

        public Builder keyStore(CaKeyStore keyStore) {
            this.keyStore = keyStore;
            return this;
        }

        public Builder profile(DeviceCertificateProfile profile) {
            this.profile = profile;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        public CertificateAuthority build() throws PkiException {
            if (keyStore == null) {
                throw new IllegalStateException("CertificateAuthority needs a CA key store");
            }
            if (profile == null) {
                throw new IllegalStateException("CertificateAuthority needs a device certificate profile");
            }
            Objects.requireNonNull(clock, "clock");
            if (random == null) {
                random = new SecureRandom();
            }
            return new CertificateAuthority(this);
        }
    }
}
