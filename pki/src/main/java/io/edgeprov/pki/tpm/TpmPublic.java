package io.edgeprov.pki.tpm;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * TPMT_PUBLIC (TPM 2.0 Part 2, 12.2.4) for RSA and ECC keys: the public area a TPM reports for
 * an EK, AK or device key. Marshalling is byte-exact, so {@link #name()} equals the TPM's Name.
 */
public record TpmPublic(TpmAlgorithm type, TpmAlgorithm nameAlg, ObjectAttributes objectAttributes,
                        byte[] authPolicy, PublicParameters parameters, PublicUnique unique) {

    /** Largest TPMT_PUBLIC this package reads: RSA-4096 with a 64-byte policy and the longest parameters. */
    public static final int MAX_MARSHALLED_SIZE = 2 + 2 + 4 + (2 + 64) + 18 + (2 + RsaParameters.MAX_KEY_BYTES);
    /** Largest authPolicy (a SHA-512 digest). */
    public static final int MAX_AUTH_POLICY = 64;

    public TpmPublic {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(nameAlg, "nameAlg");
        Objects.requireNonNull(objectAttributes, "objectAttributes");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(unique, "unique");
        authPolicy = authPolicy.clone();
        if (!nameAlg.isHash()) {
            throw new IllegalArgumentException("TPMT_PUBLIC.nameAlg: " + nameAlg + " is not a hash");
        }
        if (authPolicy.length != 0 && authPolicy.length != nameAlg.digestSize()) {
            throw new IllegalArgumentException("TPMT_PUBLIC.authPolicy: " + authPolicy.length + " bytes for " + nameAlg);
        }
        boolean rsa = type == TpmAlgorithm.RSA && parameters instanceof RsaParameters && unique instanceof RsaModulus;
        boolean ecc = type == TpmAlgorithm.ECC && parameters instanceof EccParameters && unique instanceof TpmsEccPoint;
        if (!rsa && !ecc) {
            throw new IllegalArgumentException("TPMT_PUBLIC.type: " + type + " does not match its parameters and unique");
        }
    }

    @Override
    public byte[] authPolicy() {
        return authPolicy.clone();
    }

    /** Parses a TPM2B_PUBLIC (size-prefixed); the size must cover the structure exactly. */
    public static TpmPublic unmarshalTpm2b(byte[] bytes) throws TpmFormatException {
        TpmReader outer = TpmReader.of(bytes);
        TpmReader r = outer.sized("TPM2B_PUBLIC", MAX_MARSHALLED_SIZE);
        outer.expectEnd("TPM2B_PUBLIC");
        TpmPublic pub = read(r);
        r.expectEnd("TPM2B_PUBLIC.publicArea");
        return pub;
    }

    /** Parses a bare TPMT_PUBLIC; trailing bytes are refused. */
    public static TpmPublic unmarshal(byte[] bytes) throws TpmFormatException {
        if (bytes.length > MAX_MARSHALLED_SIZE) {
            throw new TpmFormatException("TPMT_PUBLIC", "size " + bytes.length + " exceeds " + MAX_MARSHALLED_SIZE);
        }
        TpmReader r = TpmReader.of(bytes);
        TpmPublic pub = read(r);
        r.expectEnd("TPMT_PUBLIC");
        return pub;
    }

    static TpmPublic read(TpmReader r) throws TpmFormatException {
        TpmAlgorithm type = r.algorithm("TPMT_PUBLIC.type");
        if (type != TpmAlgorithm.RSA && type != TpmAlgorithm.ECC) {
            throw new TpmFormatException("TPMT_PUBLIC.type", type + " is not RSA or ECC");
        }
        TpmAlgorithm nameAlg = r.hashAlgorithm("TPMT_PUBLIC.nameAlg");
        ObjectAttributes attrs = ObjectAttributes.read(r, "TPMT_PUBLIC.objectAttributes");
        byte[] policy = r.tpm2b("TPMT_PUBLIC.authPolicy", MAX_AUTH_POLICY);
        if (policy.length != 0 && policy.length != nameAlg.digestSize()) {
            throw new TpmFormatException("TPMT_PUBLIC.authPolicy", "size " + policy.length + " is not 0 or the " + nameAlg + " digest size");
        }
        if (type == TpmAlgorithm.RSA) {
            RsaParameters parms = RsaParameters.read(r);
            byte[] modulus = r.tpm2b("TPMT_PUBLIC.unique.rsa", RsaParameters.MAX_KEY_BYTES);
            return new TpmPublic(type, nameAlg, attrs, policy, parms, new RsaModulus(modulus));
        }
        EccParameters parms = EccParameters.read(r);
        TpmsEccPoint point = TpmsEccPoint.read(r, "TPMT_PUBLIC.unique.ecc");
        return new TpmPublic(type, nameAlg, attrs, policy, parms, point);
    }

    /** The bare TPMT_PUBLIC bytes, the input of the Name digest. */
    public byte[] marshal() {
        TpmWriter w = new TpmWriter();
        w.algorithm(type).algorithm(nameAlg).u32(objectAttributes.value()).tpm2b(authPolicy);
        if (parameters instanceof RsaParameters p) {
            p.write(w);
            w.tpm2b(((RsaModulus) unique).modulus());
        } else {
            ((EccParameters) parameters).write(w);
            ((TpmsEccPoint) unique).write(w);
        }
        return w.toByteArray();
    }

    /** TPM2B_PUBLIC: the public area with its size prefix, as TPM2_ReadPublic returns it. */
    public byte[] marshalTpm2b() {
        return TpmWriter.sized(marshal());
    }

    /** This object's Name (nameAlg || H(TPMT_PUBLIC)). */
    public TpmName name() {
        return TpmName.of(this);
    }

    /** The RSA parameters; throws if this is an ECC key. */
    public RsaParameters rsaParameters() {
        if (parameters instanceof RsaParameters p) {
            return p;
        }
        throw new IllegalStateException("not an RSA public area");
    }

    /** The ECC parameters; throws if this is an RSA key. */
    public EccParameters eccParameters() {
        if (parameters instanceof EccParameters p) {
            return p;
        }
        throw new IllegalStateException("not an ECC public area");
    }

    /**
     * The public key as a JCA key. ECC points are checked to lie on the curve and RSA moduli to
     * have the declared size, so a template or a forged area cannot pass as a key.
     */
    public PublicKey toPublicKey() throws TpmFormatException {
        try {
            if (unique instanceof RsaModulus m) {
                RsaParameters p = rsaParameters();
                byte[] n = m.modulus();
                if (n.length != p.keyBits() / 8 || (n[0] & 0x80) == 0) {
                    throw new TpmFormatException("TPMT_PUBLIC.unique.rsa", n.length + "-byte modulus does not have " + p.keyBits() + " bits");
                }
                return KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(new BigInteger(1, n), BigInteger.valueOf(p.effectiveExponent())));
            }
            TpmsEccPoint q = (TpmsEccPoint) unique;
            TpmEccCurve curve = eccParameters().curve();
            TpmCurves.point(curve, q.x(), q.y(), "TPMT_PUBLIC.unique.ecc");
            java.security.spec.ECPoint w = new java.security.spec.ECPoint(new BigInteger(1, q.x()), new BigInteger(1, q.y()));
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, TpmCurves.jca(curve)));
        } catch (GeneralSecurityException e) {
            throw new TpmFormatException("TPMT_PUBLIC.unique", "not a usable public key", e);
        }
    }

    /** Whether {@code key} is the same public key as this area's (same modulus/exponent or same point). */
    public boolean matches(PublicKey key) {
        if (key instanceof RSAPublicKey rsa && unique instanceof RsaModulus m) {
            return rsa.getModulus().equals(new BigInteger(1, m.modulus()))
                    && rsa.getPublicExponent().equals(BigInteger.valueOf(rsaParameters().effectiveExponent()));
        }
        if (key instanceof ECPublicKey ec && unique instanceof TpmsEccPoint q) {
            TpmEccCurve curve = eccParameters().curve();
            return ec.getParams().getCurve().getField().getFieldSize() == curve.keyBytes() * 8
                    && ec.getParams().getCurve().equals(TpmCurves.jca(curve).getCurve())
                    && ec.getW().getAffineX().equals(new BigInteger(1, q.x()))
                    && ec.getW().getAffineY().equals(new BigInteger(1, q.y()));
        }
        return false;
    }

    /** A copy of this area (typically a template) whose unique field holds {@code key}. */
    public TpmPublic withUnique(PublicKey key) {
        if (type == TpmAlgorithm.RSA) {
            RSAPublicKey rsa = (RSAPublicKey) key;
            int bits = rsaParameters().keyBits();
            if (rsa.getModulus().bitLength() != bits) {
                throw new IllegalArgumentException("RSA key of " + rsa.getModulus().bitLength() + " bits for a " + bits + "-bit template");
            }
            RsaParameters p = rsaParameters();
            int exponent = rsa.getPublicExponent().equals(BigInteger.valueOf(65537)) ? 0 : rsa.getPublicExponent().intValueExact();
            RsaParameters parms = new RsaParameters(p.symmetric(), p.scheme(), p.keyBits(), exponent);
            return new TpmPublic(type, nameAlg, objectAttributes, authPolicy, parms, new RsaModulus(TpmCurves.fixed(rsa.getModulus(), bits / 8)));
        }
        ECPublicKey ec = (ECPublicKey) key;
        TpmEccCurve curve = eccParameters().curve();
        if (ec.getParams().getCurve().getField().getFieldSize() != curve.keyBytes() * 8) {
            throw new IllegalArgumentException("EC key is not on " + curve);
        }
        int len = curve.keyBytes();
        TpmsEccPoint point = new TpmsEccPoint(TpmCurves.fixed(ec.getW().getAffineX(), len), TpmCurves.fixed(ec.getW().getAffineY(), len));
        return new TpmPublic(type, nameAlg, objectAttributes, authPolicy, parameters, point);
    }

    /** A signing-key public area (AK or device key) for a JCA key: no symmetric algorithm, no policy. */
    public static TpmPublic signingKey(PublicKey key, TpmAlgorithm nameAlg, ObjectAttributes attributes, TpmScheme scheme) {
        return fromKey(key, nameAlg, attributes, new byte[0], TpmSymDef.NULL, scheme);
    }

    /** A public area for a JCA RSA or EC key with the given attributes, policy, symmetric algorithm and scheme. */
    public static TpmPublic fromKey(PublicKey key, TpmAlgorithm nameAlg, ObjectAttributes attributes, byte[] authPolicy,
                                    TpmSymDef symmetric, TpmScheme scheme) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            RsaParameters parms = new RsaParameters(symmetric, scheme, bits, 0);
            return new TpmPublic(TpmAlgorithm.RSA, nameAlg, attributes, authPolicy, parms, new RsaModulus(new byte[0])).withUnique(key);
        }
        if (key instanceof ECPublicKey ec) {
            TpmEccCurve curve = TpmEccCurve.fromFieldSize(ec.getParams().getCurve().getField().getFieldSize());
            EccParameters parms = new EccParameters(symmetric, scheme, curve, TpmScheme.NULL);
            return new TpmPublic(TpmAlgorithm.ECC, nameAlg, attributes, authPolicy, parms, new TpmsEccPoint(new byte[0], new byte[0])).withUnique(key);
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
    }

    /** The TCG EK template L-1: RSA 2048, SHA-256, AES-128-CFB, PolicyA, unique of 256 zero bytes. */
    public static TpmPublic ekTemplateRsa2048() {
        return EkTemplates.rsa2048();
    }

    /** The TCG EK template L-2: ECC NIST P-256, SHA-256, AES-128-CFB, PolicyA, zero x and y. */
    public static TpmPublic ekTemplateEccP256() {
        return EkTemplates.eccP256();
    }

    /** The TCG EK template H-4: ECC NIST P-384, SHA-384, AES-256-CFB, PolicyA (SHA-384), empty unique. */
    public static TpmPublic ekTemplateEccP384() {
        return EkTemplates.eccP384();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TpmPublic p && type == p.type && nameAlg == p.nameAlg && objectAttributes.equals(p.objectAttributes)
                && Arrays.equals(authPolicy, p.authPolicy) && parameters.equals(p.parameters) && unique.equals(p.unique);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, nameAlg, objectAttributes, Arrays.hashCode(authPolicy), parameters, unique);
    }

    @Override
    public String toString() {
        return "TpmPublic[type=" + type + ", nameAlg=" + nameAlg + ", " + objectAttributes + ", authPolicy="
                + HexFormat.of().formatHex(authPolicy) + ", " + parameters + ", " + unique + "]";
    }
}
