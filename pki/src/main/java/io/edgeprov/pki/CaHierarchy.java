package io.edgeprov.pki;

import io.edgeprov.pki.keys.CaKeyStore;
import io.edgeprov.pki.keys.CaKeyStoreException;
import io.edgeprov.pki.keys.SignatureAlgorithms;
import java.security.KeyPair;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509ExtensionUtils;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the fleet's CA hierarchy: an offline fleet root, and one intermediate CA per gateway
 * that may sign device certificates and nothing else (path length 0, and name constraints that
 * keep it inside the fleet's subject base and trust domain).
 */
public final class CaHierarchy {
    /** Back-dating absorbs clock skew between the gateway and devices that check notBefore. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private final FleetNaming naming;
    private final Provider provider;
    private final SecureRandom random;
    private final Clock clock;
    private final SerialNumbers serials;

    public CaHierarchy(FleetNaming naming, Provider provider, SecureRandom random, Clock clock) {
        this.naming = Objects.requireNonNull(naming, "naming");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.serials = new SerialNumbers(random);
    }

    /** Creates a self-signed fleet root (CA, no path length limit, keyCertSign and cRLSign). */
    public GeneratedCa createFleetRoot(KeyAlgorithm algorithm, Duration validity) throws PkiException {
        requirePositive(validity);
        KeyPair keyPair = algorithm.generate(provider, random);
        X500Name subject = naming.rootSubject();
        X509ExtensionUtils ids = Certificates.extensionUtils();
        Instant now = clock.instant();
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(subject, serials.next(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject,
                    Certificates.keyInfo(keyPair.getPublic()))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ids.createSubjectKeyIdentifier(Certificates.keyInfo(keyPair.getPublic())));
            ContentSigner signer = new JcaContentSignerBuilder(SignatureAlgorithms.forKey(keyPair.getPublic()))
                    .setProvider(provider).build(keyPair.getPrivate());
            return new GeneratedCa(keyPair, toCertificate(builder.build(signer)));
        } catch (CertIOException | OperatorCreationException e) {
            throw new PkiException("cannot build the fleet root certificate", e);
        }
    }

    /**
     * Signs a gateway's intermediate CA certificate with the fleet root.
     *
     * @param root       the fleet root's key store (offline)
     * @param gatewayId  the gateway's name, which appears in the CA subject
     * @param gatewayKey the gateway CA's public key; its private key never leaves the gateway
     */
    public X509Certificate signGatewayCa(CaKeyStore root, String gatewayId, PublicKey gatewayKey, Duration validity)
            throws PkiException {
        requirePositive(validity);
        X509Certificate rootCert = root.certificate();
        Instant now = clock.instant();
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(rootCert.getNotAfter().toInstant())) {
            throw new PkiException("gateway CA validity would outlive the fleet root (root expires "
                    + rootCert.getNotAfter().toInstant() + ")");
        }
        X509ExtensionUtils ids = Certificates.extensionUtils();
        try {
            X509CertificateHolder rootHolder = new X509CertificateHolder(rootCert.getEncoded());
            NameConstraints constraints = new NameConstraints(new GeneralSubtree[] {
                new GeneralSubtree(new GeneralName(naming.subjectBase())),
                new GeneralSubtree(new GeneralName(GeneralName.uniformResourceIdentifier, naming.trustDomain())),
            }, null);
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(rootHolder.getSubject(), serials.next(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), naming.gatewaySubject(gatewayId),
                    Certificates.keyInfo(gatewayKey))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.nameConstraints, true, constraints)
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ids.createSubjectKeyIdentifier(Certificates.keyInfo(gatewayKey)))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ids.createAuthorityKeyIdentifier(rootHolder));
            return toCertificate(builder.build(root.newSigner()));
        } catch (CertIOException | CertificateException e) {
            throw new PkiException("cannot build the gateway CA certificate", e);
        } catch (CaKeyStoreException e) {
            throw new PkiException("the fleet root key cannot sign: " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new PkiException("cannot read the fleet root certificate", e);
        }
    }

    /**
     * Signs a gateway's fleet identity with the fleet root: an end-entity certificate (digitalSignature,
     * clientAuth) naming the gateway by SAN URI and listing the devices it has authority over, which
     * other gateways check before they enforce a revocation it sends.
     *
     * @param authority device id patterns: {@code *}, a prefix ending in {@code *}, or an exact id
     */
    public X509Certificate signGatewayIdentity(CaKeyStore root, String gatewayId, PublicKey identityKey,
            java.util.List<String> authority, Duration validity) throws PkiException {
        requirePositive(validity);
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("a gateway identity has authority over at least one device pattern");
        }
        X509Certificate rootCert = root.certificate();
        Instant now = clock.instant();
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(rootCert.getNotAfter().toInstant())) {
            throw new PkiException("gateway identity validity would outlive the fleet root (root expires "
                    + rootCert.getNotAfter().toInstant() + ")");
        }
        java.util.List<GeneralName> names = new java.util.ArrayList<>();
        names.add(new GeneralName(GeneralName.uniformResourceIdentifier, naming.gatewayUri(gatewayId).toString()));
        for (String pattern : authority) {
            if (!pattern.matches("\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\*?")) {
                throw new IllegalArgumentException("authority pattern '" + pattern + "' is not *, an id prefix ending in *, or an id");
            }
            names.add(new GeneralName(GeneralName.uniformResourceIdentifier, FleetNaming.AUTHORITY_URN_PREFIX + pattern));
        }
        X509ExtensionUtils ids = Certificates.extensionUtils();
        try {
            X509CertificateHolder rootHolder = new X509CertificateHolder(rootCert.getEncoded());
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(rootHolder.getSubject(), serials.next(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), naming.gatewayIdentitySubject(gatewayId),
                    Certificates.keyInfo(identityKey))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new org.bouncycastle.asn1.x509.ExtendedKeyUsage(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new org.bouncycastle.asn1.x509.GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ids.createSubjectKeyIdentifier(Certificates.keyInfo(identityKey)))
                    .addExtension(Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(rootHolder));
            return toCertificate(builder.build(root.newSigner()));
        } catch (CertIOException | CertificateException e) {
            throw new PkiException("cannot build the gateway identity certificate", e);
        } catch (CaKeyStoreException e) {
            throw new PkiException("the fleet root key cannot sign: " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new PkiException("cannot read the fleet root certificate", e);
        }
    }

    /** Generates a gateway CA key pair; the caller stores the private half in its key store. */
    public KeyPair generateGatewayKey(KeyAlgorithm algorithm) {
        return algorithm.generate(provider, random);
    }

    static X509Certificate toCertificate(X509CertificateHolder holder) throws PkiException {
        try {
            return Certificates.fromDer(holder.getEncoded());
        } catch (CertificateException | java.io.IOException e) {
            throw new PkiException("the signed certificate does not parse", e);
        }
    }

    private static void requirePositive(Duration validity) {
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
    }

}
