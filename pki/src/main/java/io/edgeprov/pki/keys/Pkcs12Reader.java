package io.edgeprov.pki.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.util.encoders.Hex;

/**
 * Reads a CA key and chain out of a PKCS#12 file. The key is re-created through BouncyCastle's
 * KeyFactory, because a SunEC key object makes every CA signature 75 % slower (PERFORMANCE.md).
 */
final class Pkcs12Reader {
    private final Provider bc;

    Pkcs12Reader(Provider bc) {
        this.bc = bc;
    }

    /** What a PKCS#12 file holds for one key: the key and its chain, leaf first. */
    record Loaded(String alias, PrivateKey key, List<X509Certificate> chain) {
        Loaded {
            chain = List.copyOf(chain);
        }

        @Override
        public String toString() {
            return "Loaded[alias=" + alias + ", chain=" + chain.size() + " certificates, key=redacted]";
        }
    }

    /** One safe bag; the local key id as hex so that the record holds no mutable array. */
    private record Bag(Optional<String> alias, Optional<String> localKeyId, Object value) {
    }

    Loaded read(Path file, Passphrase passphrase, Optional<String> wantedAlias) throws CaKeyStoreException {
        PKCS12PfxPdu pfx = parse(file);
        char[] password = passphrase.copyChars();
        try {
            checkMac(file, pfx, password);
            List<Bag> bags = bags(file, pfx, password);
            Bag keyBag = chooseKey(file, bags, wantedAlias);
            PrivateKey key = privateKey(file, keyBag, password);
            List<X509Certificate> chain = chain(file, keyBag, bags);
            if (!KeyMatch.matches(key, chain.get(0).getPublicKey(), bc)) {
                throw new CaKeyStoreException(CaKeyStoreFailure.CHAIN_KEY_MISMATCH, "in " + file
                        + " the first certificate of the chain (" + chain.get(0).getSubjectX500Principal().getName()
                        + ") does not belong to the private key");
            }
            return new Loaded(keyBag.alias().orElse(""), key, chain);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static PKCS12PfxPdu parse(Path file) throws CaKeyStoreException {
        byte[] der;
        try {
            der = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.STORE_FILE_MISSING, "CA key store " + file + " does not exist", e);
        } catch (IOException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.STORE_FILE_UNREADABLE,
                    "CA key store " + file + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
        try {
            return new PKCS12PfxPdu(der);
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports some malformed ASN.1 as IllegalArgumentException or ClassCastException.
            throw new CaKeyStoreException(CaKeyStoreFailure.STORE_MALFORMED, "CA key store " + file + " is not a PKCS#12 file", e);
        }
    }

    private void checkMac(Path file, PKCS12PfxPdu pfx, char[] password) throws CaKeyStoreException {
        if (!pfx.hasMac()) {
            return; // Decryption below still fails on a wrong passphrase.
        }
        boolean valid;
        try {
            valid = pfx.isMacValid(new JcePKCS12MacCalculatorBuilderProvider().setProvider(bc), password);
        } catch (PKCSException | RuntimeException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.STORE_MALFORMED,
                    "CA key store " + file + " has a MAC that cannot be checked (" + pfx.getMacAlgorithmID().getAlgorithm() + ")", e);
        }
        if (!valid) {
            throw new CaKeyStoreException(CaKeyStoreFailure.WRONG_PASSPHRASE,
                    "wrong passphrase for CA key store " + file + " (the integrity check failed)");
        }
    }

    private List<Bag> bags(Path file, PKCS12PfxPdu pfx, char[] password) throws CaKeyStoreException {
        InputDecryptorProvider decryptor = new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(bc).build(password);
        List<Bag> bags = new ArrayList<>();
        try {
            for (ContentInfo content : pfx.getContentInfos()) {
                PKCS12SafeBagFactory factory = content.getContentType().equals(PKCSObjectIdentifiers.encryptedData)
                        ? new PKCS12SafeBagFactory(content, decryptor)
                        : new PKCS12SafeBagFactory(content);
                for (PKCS12SafeBag bag : factory.getSafeBags()) {
                    bags.add(new Bag(friendlyName(bag), localKeyId(bag), bag.getBagValue()));
                }
            }
        } catch (PKCSException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.WRONG_PASSPHRASE,
                    "wrong passphrase for CA key store " + file + " (its contents cannot be decrypted)", e);
        } catch (RuntimeException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.STORE_MALFORMED, "CA key store " + file + " has malformed contents", e);
        }
        return bags;
    }

    private static Bag chooseKey(Path file, List<Bag> bags, Optional<String> wantedAlias) throws CaKeyStoreException {
        List<Bag> keys = bags.stream()
                .filter(b -> b.value() instanceof PKCS8EncryptedPrivateKeyInfo || b.value() instanceof PrivateKeyInfo)
                .collect(Collectors.toList());
        if (keys.isEmpty()) {
            throw new CaKeyStoreException(CaKeyStoreFailure.NO_KEY_ENTRY, "CA key store " + file + " holds no private key");
        }
        if (wantedAlias.isPresent()) {
            return keys.stream().filter(b -> b.alias().equals(wantedAlias)).findFirst()
                    .orElseThrow(() -> new CaKeyStoreException(CaKeyStoreFailure.NO_KEY_ENTRY, "CA key store " + file
                            + " holds no private key named '" + wantedAlias.get() + "' (it has " + aliases(keys) + ")"));
        }
        if (keys.size() > 1) {
            throw new CaKeyStoreException(CaKeyStoreFailure.AMBIGUOUS_KEY_ENTRY, "CA key store " + file + " holds "
                    + keys.size() + " private keys (" + aliases(keys) + "); choose one by alias");
        }
        return keys.get(0);
    }

    private static String aliases(List<Bag> keys) {
        return keys.stream().map(b -> b.alias().map(a -> "'" + a + "'").orElse("unnamed")).collect(Collectors.joining(", "));
    }

    private PrivateKey privateKey(Path file, Bag keyBag, char[] password) throws CaKeyStoreException {
        PrivateKeyInfo info;
        try {
            info = keyBag.value() instanceof PKCS8EncryptedPrivateKeyInfo encrypted
                    ? encrypted.decryptPrivateKeyInfo(new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(bc).build(password))
                    : (PrivateKeyInfo) keyBag.value();
        } catch (PKCSException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.WRONG_PASSPHRASE,
                    "wrong passphrase for CA key store " + file + " (the key cannot be decrypted)", e);
        }
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        String keyType;
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            keyType = "EC";
        } else if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            keyType = "RSA";
        } else {
            throw new CaKeyStoreException(CaKeyStoreFailure.UNSUPPORTED_KEY,
                    "CA key store " + file + " holds a key of unsupported algorithm " + algorithm + " (EC or RSA expected)");
        }
        try {
            return KeyFactory.getInstance(keyType, bc).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.STORE_MALFORMED,
                    "CA key store " + file + " holds a malformed " + keyType + " key", e);
        }
    }

    private static List<X509Certificate> chain(Path file, Bag keyBag, List<Bag> bags) throws CaKeyStoreException {
        List<Bag> certBags = bags.stream().filter(b -> b.value() instanceof X509CertificateHolder).collect(Collectors.toList());
        if (certBags.isEmpty()) {
            throw new CaKeyStoreException(CaKeyStoreFailure.NO_CERTIFICATE, "CA key store " + file + " holds no certificate");
        }
        Bag leafBag = keyBag.localKeyId()
                .flatMap(id -> certBags.stream().filter(b -> b.localKeyId().equals(Optional.of(id))).findFirst())
                .orElse(certBags.get(0));
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            X509Certificate leaf = converter.getCertificate((X509CertificateHolder) leafBag.value());
            certificates.add(leaf);
            List<X509Certificate> others = new ArrayList<>();
            for (Bag bag : certBags) {
                if (bag != leafBag) {
                    others.add(converter.getCertificate((X509CertificateHolder) bag.value()));
                }
            }
            appendIssuers(certificates, others);
        } catch (CertificateException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.STORE_MALFORMED, "CA key store " + file + " holds a malformed certificate", e);
        }
        return certificates;
    }

    /** Orders the chain by issuer name from the leaf up; certificates that are not issuers are dropped. */
    private static void appendIssuers(List<X509Certificate> chain, List<X509Certificate> candidates) {
        X509Certificate current = chain.get(0);
        while (!current.getIssuerX500Principal().equals(current.getSubjectX500Principal())) {
            X509Certificate subject = current;
            Optional<X509Certificate> issuer = candidates.stream()
                    .filter(c -> c.getSubjectX500Principal().equals(subject.getIssuerX500Principal()) && !chain.contains(c))
                    .findFirst();
            if (issuer.isEmpty()) {
                return;
            }
            chain.add(issuer.get());
            current = issuer.get();
        }
    }

    private static Optional<String> friendlyName(PKCS12SafeBag bag) {
        return attribute(bag, PKCSObjectIdentifiers.pkcs_9_at_friendlyName)
                .filter(ASN1String.class::isInstance).map(v -> ((ASN1String) v).getString());
    }

    private static Optional<String> localKeyId(PKCS12SafeBag bag) {
        return attribute(bag, PKCSObjectIdentifiers.pkcs_9_at_localKeyId)
                .filter(ASN1OctetString.class::isInstance).map(v -> Hex.toHexString(((ASN1OctetString) v).getOctets()));
    }

    private static Optional<ASN1Encodable> attribute(PKCS12SafeBag bag, ASN1ObjectIdentifier type) {
        Attribute[] attributes = bag.getAttributes();
        if (attributes == null) {
            return Optional.empty();
        }
        for (Attribute attribute : attributes) {
            if (attribute.getAttrType().equals(type) && attribute.getAttrValues().size() > 0) {
                return Optional.of(attribute.getAttrValues().getObjectAt(0));
            }
        }
        return Optional.empty();
    }
}
