package io.edgeprov.pki.tpm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two TPM key-derivation functions (TPM 2.0 Part 1, 11.4.10): KDFa (SP 800-108 counter mode
 * with HMAC) and KDFe (SP 800-56A concatenation KDF). Labels get their terminating zero octet
 * added here, as the TPM does, so callers pass "STORAGE", "INTEGRITY" or "IDENTITY".
 */
public final class TpmKdf {
    private TpmKdf() {
    }

    /** The label bytes including one terminating zero octet. */
    static byte[] label(String label) {
        byte[] raw = label.getBytes(StandardCharsets.US_ASCII);
        if (raw.length > 0 && raw[raw.length - 1] == 0) {
            return raw;
        }
        return Arrays.copyOf(raw, raw.length + 1);
    }

    /**
     * KDFa(hashAlg, key, label, contextU, contextV, bits): HMAC(key, counter || label || 0 ||
     * contextU || contextV || bits) concatenated and cut to {@code bits} bits.
     */
    public static byte[] kdfa(TpmAlgorithm hashAlg, byte[] key, String label, byte[] contextU, byte[] contextV, int bits) {
        requireBits(bits);
        if (key.length == 0) {
            throw new IllegalArgumentException("KDFa needs a non-empty key");
        }
        byte[] lbl = label(label);
        byte[] out = new byte[(bits + 7) / 8];
        try {
            Mac mac = Mac.getInstance(hashAlg.jcaHmacName());
            mac.init(new SecretKeySpec(key, mac.getAlgorithm()));
            int done = 0;
            for (int counter = 1; done < out.length; counter++) {
                mac.update(be32(counter));
                mac.update(lbl);
                mac.update(contextU);
                mac.update(contextV);
                mac.update(be32(bits));
                byte[] block = mac.doFinal();
                int n = Math.min(block.length, out.length - done);
                System.arraycopy(block, 0, out, done, n);
                done += n;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC for " + hashAlg + " unavailable", e);
        }
        maskTopBits(out, bits);
        return out;
    }

    /**
     * KDFe(hashAlg, z, label, partyU, partyV, bits): H(counter || z || label || 0 || partyU ||
     * partyV) concatenated and cut to {@code bits} bits. For ECC MakeCredential, partyU is the
     * ephemeral public x and partyV the EK's public x.
     */
    public static byte[] kdfe(TpmAlgorithm hashAlg, byte[] z, String label, byte[] partyU, byte[] partyV, int bits) {
        requireBits(bits);
        byte[] lbl = label(label);
        byte[] out = new byte[(bits + 7) / 8];
        MessageDigest md = hashAlg.newDigest();
        int done = 0;
        for (int counter = 1; done < out.length; counter++) {
            md.update(be32(counter));
            md.update(z);
            md.update(lbl);
            md.update(partyU);
            md.update(partyV);
            byte[] block = md.digest();
            int n = Math.min(block.length, out.length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        maskTopBits(out, bits);
        return out;
    }

    private static void requireBits(int bits) {
        if (bits <= 0 || bits > 65536) {
            throw new IllegalArgumentException("KDF output of " + bits + " bits");
        }
    }

    private static void maskTopBits(byte[] out, int bits) {
        if (bits % 8 != 0) {
            out[0] &= (byte) (0xff >>> (8 - bits % 8));
        }
    }

    static byte[] be32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
