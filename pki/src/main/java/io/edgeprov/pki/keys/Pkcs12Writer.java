package io.edgeprov.pki.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/** Builds an encrypted PKCS#12 file for a CA key and writes it atomically, owner-only. */
final class Pkcs12Writer {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Provider bc;
    private final SecureRandom random;

    Pkcs12Writer(Provider bc, SecureRandom random) {
        this.bc = bc;
        this.random = random;
    }

    void write(Path file, PrivateKey key, List<X509Certificate> chain, Passphrase passphrase, Pkcs12WriteOptions options)
            throws CaKeyStoreException {
        if (chain.isEmpty()) {
            throw new CaKeyStoreException(CaKeyStoreFailure.NO_CERTIFICATE, "a CA key needs at least its CA certificate");
        }
        if (!KeyMatch.matches(key, chain.get(0).getPublicKey(), bc)) {
            throw new CaKeyStoreException(CaKeyStoreFailure.CHAIN_KEY_MISMATCH, "the first certificate of the chain ("
                    + chain.get(0).getSubjectX500Principal().getName() + ") does not belong to the private key");
        }
        byte[] der = encode(key, chain, passphrase, options);
        writeAtomically(file, der);
    }

    private byte[] encode(PrivateKey key, List<X509Certificate> chain, Passphrase passphrase, Pkcs12WriteOptions options)
            throws CaKeyStoreException {
        char[] password = passphrase.copyChars();
        try {
            byte[] localKeyId = localKeyId(chain.get(0).getPublicKey());
            PKCS12SafeBag[] certBags = new PKCS12SafeBag[chain.size()];
            for (int i = 0; i < chain.size(); i++) {
                PKCS12SafeBagBuilder bag = new JcaPKCS12SafeBagBuilder(chain.get(i));
                if (i == 0) {
                    tag(bag, options.alias(), localKeyId);
                }
                certBags[i] = bag.build();
            }
            PKCS12SafeBagBuilder keyBag = new JcaPKCS12SafeBagBuilder(key, encryptor(password, options));
            tag(keyBag, options.alias(), localKeyId);

            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            // Certificates are public and covered by the MAC: leaving them unencrypted halves the
            // cost of a load, which is one key derivation at the strong iteration count, not two.
            for (PKCS12SafeBag certBag : certBags) {
                pfx.addData(certBag);
            }
            pfx.addData(keyBag.build());
            PKCS12PfxPdu built = pfx.build(new JcePKCS12MacCalculatorBuilder(NISTObjectIdentifiers.id_sha256)
                    .setProvider(bc)
                    .setIterationCount(options.macIterations()), password);
            return built.getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | PKCSException | IOException | NoSuchAlgorithmException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.WRITE_FAILED,
                    "cannot encode the CA key as PKCS#12: " + e.getClass().getSimpleName(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private OutputEncryptor encryptor(char[] password, Pkcs12WriteOptions options) throws OperatorCreationException {
        return new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
                .setProvider(bc)
                .setRandom(random)
                .setPRF(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))
                .setIterationCount(options.keyIterations())
                .build(password);
    }

    private static void tag(PKCS12SafeBagBuilder bag, String alias, byte[] localKeyId) {
        bag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(alias));
        bag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, new org.bouncycastle.asn1.DEROctetString(localKeyId));
    }

    private static byte[] localKeyId(PublicKey publicKey) throws NoSuchAlgorithmException {
        return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(publicKey).getKeyIdentifier();
    }

    private static void writeAtomically(Path file, byte[] der) throws CaKeyStoreException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Path temp = null;
        try {
            boolean posix = Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class);
            String prefix = "." + target.getFileName() + ".";
            temp = posix
                    ? Files.createTempFile(directory, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(directory, prefix, ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(der);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                // The rename must not become visible before the bytes are on disk.
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            if (posix) {
                Files.setPosixFilePermissions(target, OWNER_ONLY);
            }
        } catch (IOException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.WRITE_FAILED,
                    "cannot write " + target + ": " + e.getClass().getSimpleName(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The temporary file is owner-only and named after the target; leaving it is harmless.
                }
            }
        }
    }
}
