package io.edgeprov.sim.tpm;

import io.edgeprov.pki.tpm.ObjectAttributes;
import io.edgeprov.pki.tpm.ObjectAttributes.Bit;
import io.edgeprov.pki.tpm.TpmAlgorithm;
import io.edgeprov.pki.tpm.TpmName;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.pki.tpm.TpmScheme;
import io.edgeprov.pki.tpm.TpmsAttest;
import io.edgeprov.pki.tpm.TpmsClockInfo;
import io.edgeprov.pki.tpm.TpmtSignature;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-process {@link DeviceTpm} that emits the same structures a TPM 2.0 does: a TCG-template
 * EK with a vendor-shaped certificate, an ECC P-256 restricted signing AK, TPM2_ActivateCredential,
 * TPM-made device keys, TPM2_Certify and TPM2_Sign. Private keys stay in this object.
 */
public final class SoftwareTpm implements DeviceTpm {
    /** Which TCG EK template the EK follows. */
    public enum EndorsementKeyType { RSA_2048, ECC_P256 }

    private static final int TPM_RH_ENDORSEMENT = 0x4000000B;
    private static final int TPM_RH_OWNER = 0x40000001;
    private static final ObjectAttributes AK_ATTRIBUTES = ObjectAttributes.of(Bit.FIXED_TPM, Bit.FIXED_PARENT,
            Bit.SENSITIVE_DATA_ORIGIN, Bit.USER_WITH_AUTH, Bit.RESTRICTED, Bit.SIGN_ENCRYPT);
    private static final ObjectAttributes DEVICE_KEY_ATTRIBUTES = ObjectAttributes.of(Bit.FIXED_TPM,
            Bit.FIXED_PARENT, Bit.SENSITIVE_DATA_ORIGIN, Bit.USER_WITH_AUTH, Bit.SIGN_ENCRYPT);
    /** What tpm2_import gives a software key: no fixedTPM, fixedParent or sensitiveDataOrigin. */
    private static final ObjectAttributes IMPORTED_KEY_ATTRIBUTES = ObjectAttributes.of(Bit.USER_WITH_AUTH,
            Bit.SIGN_ENCRYPT);
    private static final TpmScheme ECDSA_SHA256 = TpmScheme.of(TpmAlgorithm.ECDSA, TpmAlgorithm.SHA256);

    private record Key(TpmPublic publicArea, PrivateKey privateKey) {
    }

    private final Clock clock;
    private final SecureRandom random;
    private final Instant poweredOn;
    private final long firmwareVersion;
    private final TpmPublic ekPublic;
    private final PrivateKey ekPrivate;
    private final Optional<byte[]> ekCertificate;
    private final Key ak;
    private final byte[] akQualifiedName;
    private final byte[] storageRootQualifiedName;
    private final Map<TpmKeyHandle, Key> keys = new HashMap<>();
    private final String handlePrefix;
    private int nextKey = 1;

    private SoftwareTpm(Builder b) {
        this.clock = b.clock;
        this.random = b.random;
        this.poweredOn = clock.instant();
        // a random prefix keeps one TPM's handles meaningless to another
        this.handlePrefix = "soft-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE) + "-";
        this.firmwareVersion = b.firmwareVersion;
        KeyPair ek = b.ekType == EndorsementKeyType.RSA_2048 ? rsa2048(random) : endorsementEccP256(random);
        TpmPublic template = b.ekType == EndorsementKeyType.RSA_2048
                ? TpmPublic.ekTemplateRsa2048() : TpmPublic.ekTemplateEccP256();
        this.ekPublic = template.withUnique(ek.getPublic());
        this.ekPrivate = ek.getPrivate();
        this.ekCertificate = b.manufacturer.map(ca -> encoded(ca.issueEkCertificate(ek.getPublic(),
                b.tpmManufacturer, b.tpmModel, b.tpmVersion)));
        KeyPair akKeys = eccP256(random);
        this.ak = new Key(TpmPublic.signingKey(akKeys.getPublic(), TpmAlgorithm.SHA256, AK_ATTRIBUTES, ECDSA_SHA256),
                akKeys.getPrivate());
        byte[] ekQualifiedName = qualify(handleBytes(TPM_RH_ENDORSEMENT), TpmName.of(ekPublic));
        this.akQualifiedName = qualify(ekQualifiedName, TpmName.of(ak.publicArea()));
        // the storage root is a primary key the device never shows; its Name only feeds qualified Names
        byte[] srkName = new byte[34];
        random.nextBytes(srkName);
        srkName[0] = 0x00;
        srkName[1] = 0x0b;
        this.storageRootQualifiedName = qualify(handleBytes(TPM_RH_OWNER), nameOf(srkName));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the EK type, the manufacturer CA and the clock and randomness a software TPM runs on. */
    public static final class Builder {
        private EndorsementKeyType ekType = EndorsementKeyType.ECC_P256;
        private Optional<SimulatedManufacturerCa> manufacturer = Optional.empty();
        private Clock clock = Clock.systemUTC();
        private SecureRandom random;
        private String tpmManufacturer = "id:45445056";
        private String tpmModel = "EdgeProv SoftwareTpm";
        private String tpmVersion = "id:00010000";
        private long firmwareVersion = 0x0001000000000000L;

        private Builder() {
        }

        public Builder endorsementKey(EndorsementKeyType type) {
            this.ekType = Objects.requireNonNull(type, "type");
            return this;
        }

        /** The vendor CA that certifies the EK; without one the TPM has no EK certificate. */
        public Builder manufacturerCa(SimulatedManufacturerCa ca) {
            this.manufacturer = Optional.of(ca);
            return this;
        }

        /** The tpmManufacturer, tpmModel and tpmVersion the EK certificate names. */
        public Builder tpmIdentity(String manufacturer, String model, String version) {
            this.tpmManufacturer = Objects.requireNonNull(manufacturer, "manufacturer");
            this.tpmModel = Objects.requireNonNull(model, "model");
            this.tpmVersion = Objects.requireNonNull(version, "version");
            return this;
        }

        public Builder firmwareVersion(long version) {
            this.firmwareVersion = version;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public SoftwareTpm build() {
            if (random == null) {
                random = new SecureRandom();
            }
            return new SoftwareTpm(this);
        }
    }

    @Override
    public byte[] endorsementKeyPublic() {
        return ekPublic.marshalTpm2b();
    }

    @Override
    public Optional<byte[]> endorsementKeyCertificate() {
        return ekCertificate.map(byte[]::clone);
    }

    @Override
    public byte[] attestationKeyPublic() {
        return ak.publicArea().marshalTpm2b();
    }

    @Override
    public synchronized byte[] activateCredential(byte[] credentialBlob, byte[] encryptedSecret)
            throws TpmOperationException {
        return SoftwareCredentialActivation.activate(ekPublic, ekPrivate, TpmName.of(ak.publicArea()),
                credentialBlob, encryptedSecret);
    }

    @Override
    public synchronized TpmKeyHandle createDeviceKey() {
        KeyPair pair = eccP256(random);
        return remember(new Key(TpmPublic.signingKey(pair.getPublic(), TpmAlgorithm.SHA256, DEVICE_KEY_ATTRIBUTES,
                ECDSA_SHA256), pair.getPrivate()));
    }

    @Override
    public synchronized TpmKeyHandle importExternalKey(KeyPair keyPair) throws TpmOperationException {
        if (!(keyPair.getPublic() instanceof ECPublicKey)) {
            throw new TpmOperationException("importExternalKey: only ECC P-256 keys are supported");
        }
        return remember(new Key(TpmPublic.signingKey(keyPair.getPublic(), TpmAlgorithm.SHA256,
                IMPORTED_KEY_ATTRIBUTES, TpmScheme.NULL), keyPair.getPrivate()));
    }

    private TpmKeyHandle remember(Key key) {
        TpmKeyHandle handle = new TpmKeyHandle(handlePrefix + nextKey++);
        keys.put(handle, key);
        return handle;
    }

    @Override
    public synchronized byte[] publicArea(TpmKeyHandle key) throws TpmOperationException {
        return keyOf(key).publicArea().marshalTpm2b();
    }

    @Override
    public synchronized CertifyResult certify(TpmKeyHandle key, byte[] qualifyingData) throws TpmOperationException {
        if (qualifyingData.length > TpmsAttest.MAX_EXTRA_DATA) {
            throw new TpmOperationException("TPM2_Certify: TPM_RC_SIZE, qualifyingData of " + qualifyingData.length
                    + " bytes exceeds " + TpmsAttest.MAX_EXTRA_DATA);
        }
        TpmName name = TpmName.of(keyOf(key).publicArea());
        long clockMillis = Math.max(0, Duration.between(poweredOn, clock.instant()).toMillis());
        byte[] attest = TpmsAttest.certify(name)
                .qualifiedName(nameOf(qualify(storageRootQualifiedName, name)))
                .qualifiedSigner(akQualifiedName)
                .extraData(qualifyingData)
                .clockInfo(new TpmsClockInfo(clockMillis, 0, 0, true))
                .firmwareVersion(firmwareVersion)
                .build()
                .marshal();
        byte[] der = ecdsaSha256(ak.privateKey(), attest);
        return new CertifyResult(attest, TpmtSignature.ecdsaFromDer(TpmAlgorithm.SHA256, der).marshal());
    }

    @Override
    public synchronized byte[] signSha256(TpmKeyHandle key, byte[] message) throws TpmOperationException {
        return ecdsaSha256(keyOf(key).privateKey(), message);
    }

    private Key keyOf(TpmKeyHandle handle) throws TpmOperationException {
        Key key = keys.get(handle);
        if (key == null) {
            throw new TpmOperationException("unknown key handle " + handle.id() + ": not created by this TPM");
        }
        return key;
    }

    private byte[] ecdsaSha256(PrivateKey key, byte[] data) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key, random);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA256withECDSA", e);
        }
    }

    /** QN_B = nameAlg || H(QN_A || Name_B), TPM 2.0 Part 1, 16 (SHA-256 throughout here). */
    private static byte[] qualify(byte[] parentQualifiedName, TpmName name) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(parentQualifiedName);
            sha256.update(name.bytes());
            return ByteBuffer.allocate(34).putShort((short) TpmAlgorithm.SHA256.id()).put(sha256.digest()).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static TpmName nameOf(byte[] nameBytes) {
        return new TpmName(nameBytes);
    }

    private static byte[] handleBytes(int handle) {
        return ByteBuffer.allocate(4).putInt(handle).array();
    }

    private static KeyPair eccP256(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks ECC P-256", e);
        }
    }

    /**
     * The EK from SunEC by name: a seeded fleet must make the same EK in every process, and a native
     * provider placed first (EllipticCurveProvider) draws its own randomness, ignoring {@code random}.
     */
    private static KeyPair endorsementEccP256(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SunEC's P-256", e);
        }
    }

    private static KeyPair rsa2048(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks RSA 2048", e);
        }
    }

    private static byte[] encoded(java.security.cert.X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the EK certificate", e);
        }
    }

    /** Nothing to release: the keys go when the object does. */
    @Override
    public void close() {
        // an in-process TPM holds no process, file or socket
    }

    @Override
    public String toString() {
        return "SoftwareTpm[ek=" + ekPublic.type() + "]";
    }
}
