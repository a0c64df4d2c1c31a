package io.edgeprov.sim.tpm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link DeviceTpm} backed by a real TPM 2.0 implementation (swtpm, or any TCTI tpm2-tools
 * accepts), driven through tpm2-tools.
 *
 * <p>There is no resource manager in front of swtpm, so every operation starts and ends with
 * {@code tpm2_flushcontext -t}: objects live in saved context files in the private work dir and
 * are loaded only for the command that needs them (swtpm has three object slots). Operations are
 * serialised because swtpm serves one client connection at a time.
 */
public final class SwtpmTpm implements DeviceTpm {
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);
    private static final int CREDENTIAL_FILE_MAGIC = 0xBADCC0DE;
    private static final int CREDENTIAL_FILE_VERSION = 1;
    private static final String DEVICE_KEY_ATTRIBUTES = "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign";
    private static final String STORAGE_KEY_ATTRIBUTES =
            "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|restricted|decrypt|noda";

    /** Which TCG EK template tpm2_createek instantiates. */
    public enum EndorsementKeyType {
        /** RSA 2048, TCG low-range template; swtpm_setup provisions its certificate. */
        RSA_2048("rsa", true, SwtpmInstance.RSA_EK_CERTIFICATE_INDEX),
        /** ECC NIST P-256, TCG low-range template; swtpm_setup certifies P-384 instead, so no certificate. */
        ECC_P256("ecc", true, SwtpmInstance.ECC_P256_EK_CERTIFICATE_INDEX),
        /**
         * ECC NIST P-384, TCG high-range template; swtpm_setup provisions its certificate. High-range
         * templates set userWithAuth, so the EK is used with its (empty) password, not PolicySecret.
         */
        ECC_P384("ecc384", false, SwtpmInstance.ECC_P384_EK_CERTIFICATE_INDEX);

        private final String toolAlgorithm;
        private final boolean needsPolicySession;
        private final int certificateIndex;

        EndorsementKeyType(String toolAlgorithm, boolean needsPolicySession, int certificateIndex) {
            this.toolAlgorithm = toolAlgorithm;
            this.needsPolicySession = needsPolicySession;
            this.certificateIndex = certificateIndex;
        }
    }

    private final ExternalTool tools;
    private final Path workDir;
    private final EndorsementKeyType ekType;
    private final byte[] ekPublic;
    private final byte[] akPublic;
    private final Optional<byte[]> ekCertificate;
    private final Map<TpmKeyHandle, String> keys = new HashMap<>();
    /** A random prefix keeps one TPM's handles meaningless to another. */
    private final String handlePrefix =
            "swtpm-" + Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE) + "-";
    private int nextKey = 1;

    private SwtpmTpm(ExternalTool tools, Path workDir, EndorsementKeyType ekType, byte[] ekPublic, byte[] akPublic,
                     Optional<byte[]> ekCertificate) {
        this.tools = tools;
        this.workDir = workDir;
        this.ekType = ekType;
        this.ekPublic = ekPublic;
        this.akPublic = akPublic;
        this.ekCertificate = ekCertificate;
    }

    /** Opens the swtpm at {@code instance}: creates EK, AK and storage key, keeping context files in {@code workDir}. */
    public static SwtpmTpm open(SwtpmInstance instance, EndorsementKeyType ekType, Path workDir)
            throws TpmOperationException {
        return open(instance.tcti(), ekType, workDir);
    }

    /** Opens the TPM that the TCTI string {@code tcti} reaches (e.g. {@code swtpm:host=127.0.0.1,port=2321}). */
    public static SwtpmTpm open(String tcti, EndorsementKeyType ekType, Path workDir) throws TpmOperationException {
        Path dir = workDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TpmOperationException("cannot create the TPM work dir " + dir + ": " + e.getMessage(), e);
        }
        ExternalTool tools = new ExternalTool(dir,
                Map.of("TPM2TOOLS_TCTI", tcti, "TSS2_LOG", "all+none", "HOME", dir.toString()), TOOL_TIMEOUT);
        tools.run("tpm2_flushcontext", "-t");
        tools.run("tpm2_createek", "-c", "ek.ctx", "-G", ekType.toolAlgorithm, "-u", "ek.pub", "-f", "tss");
        tools.run("tpm2_flushcontext", "-t");
        tools.run("tpm2_createak", "-C", "ek.ctx", "-c", "ak.ctx", "-G", "ecc", "-g", "sha256", "-s", "ecdsa",
                "-u", "ak.pub", "-f", "tss", "-n", "ak.name");
        tools.run("tpm2_flushcontext", "-t");
        tools.run("tpm2_flushcontext", "-s");
        tools.run("tpm2_createprimary", "-C", "o", "-g", "sha256", "-G", "ecc256:null:aes128cfb",
                "-a", STORAGE_KEY_ATTRIBUTES, "-c", "srk.ctx");
        tools.run("tpm2_flushcontext", "-t");
        Optional<byte[]> certificate = readCertificate(tools, dir, ekType.certificateIndex);
        return new SwtpmTpm(tools, dir, ekType, read(dir.resolve("ek.pub")), read(dir.resolve("ak.pub")), certificate);
    }

    private static Optional<byte[]> readCertificate(ExternalTool tools, Path dir, int index)
            throws TpmOperationException {
        String hex = String.format("0x%08x", index);
        boolean defined = tools.run("tpm2_getcap", "handles-nv-index").lines()
                .map(line -> line.replace("-", "").strip())
                .filter(handle -> handle.startsWith("0x"))
                .anyMatch(handle -> Integer.parseUnsignedInt(handle.substring(2), 16) == index);
        if (!defined) {
            return Optional.empty();
        }
        tools.run("tpm2_nvread", "-C", "o", "-o", "ekcert.der", hex);
        return Optional.of(derPrefix(read(dir.resolve("ekcert.der"))));
    }

    /** The DER certificate at the start of an NV index, which a vendor may pad to the index size. */
    private static byte[] derPrefix(byte[] nv) throws TpmOperationException {
        if (nv.length < 4 || nv[0] != 0x30) {
            throw new TpmOperationException("EK certificate NV index does not hold a DER certificate");
        }
        int first = Byte.toUnsignedInt(nv[1]);
        int length;
        int header;
        if (first < 0x80) {
            length = first;
            header = 2;
        } else {
            int count = first & 0x7f;
            if (count > 3 || nv.length < 2 + count) {
                throw new TpmOperationException("EK certificate NV index: bad DER length");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | Byte.toUnsignedInt(nv[2 + i]);
            }
            header = 2 + count;
        }
        if (header + length > nv.length) {
            throw new TpmOperationException("EK certificate NV index: certificate longer than the index");
        }
        return java.util.Arrays.copyOf(nv, header + length);
    }

    @Override
    public byte[] endorsementKeyPublic() {
        return ekPublic.clone();
    }

    @Override
    public Optional<byte[]> endorsementKeyCertificate() {
        return ekCertificate.map(byte[]::clone);
    }

    @Override
    public byte[] attestationKeyPublic() {
        return akPublic.clone();
    }

    @Override
    public synchronized byte[] activateCredential(byte[] credentialBlob, byte[] encryptedSecret)
            throws TpmOperationException {
        Path credential = workDir.resolve("credential.bin");
        Path secret = workDir.resolve("activated.bin");
        write(credential, ByteBuffer.allocate(8 + credentialBlob.length + encryptedSecret.length)
                .putInt(CREDENTIAL_FILE_MAGIC).putInt(CREDENTIAL_FILE_VERSION)
                .put(credentialBlob).put(encryptedSecret).array());
        tools.run("tpm2_flushcontext", "-t");
        try {
            if (!ekType.needsPolicySession) {
                tools.run("tpm2_activatecredential", "-c", "ak.ctx", "-C", "ek.ctx", "-i", "credential.bin",
                        "-o", "activated.bin");
                return read(secret);
            }
            // low-range EKs allow only their authPolicy, PolicySecret(endorsement hierarchy)
            tools.run("tpm2_startauthsession", "--policy-session", "-S", "ek-session.ctx");
            try {
                tools.run("tpm2_policysecret", "-S", "ek-session.ctx", "-c", "e");
                tools.run("tpm2_activatecredential", "-c", "ak.ctx", "-C", "ek.ctx", "-i", "credential.bin",
                        "-o", "activated.bin", "-P", "session:ek-session.ctx");
                return read(secret);
            } finally {
                tools.run("tpm2_flushcontext", "ek-session.ctx");
            }
        } finally {
            ExternalTool.deleteQuietly(secret);
            ExternalTool.deleteQuietly(credential);
            tools.run("tpm2_flushcontext", "-t");
        }
    }

    @Override
    public synchronized TpmKeyHandle createDeviceKey() throws TpmOperationException {
        String name = newKeyName();
        tools.run("tpm2_flushcontext", "-t");
        tools.run("tpm2_create", "-C", "srk.ctx", "-g", "sha256", "-G", "ecc256:ecdsa-sha256",
                "-a", DEVICE_KEY_ATTRIBUTES, "-u", name + ".pub", "-r", name + ".priv");
        return load(name);
    }

    @Override
    public synchronized TpmKeyHandle importExternalKey(KeyPair keyPair) throws TpmOperationException {
        if (!(keyPair.getPrivate() instanceof ECPrivateKey)) {
            throw new TpmOperationException("importExternalKey: only ECC P-256 keys are supported");
        }
        String name = newKeyName();
        Path pem = workDir.resolve(name + ".pem");
        String encoded = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keyPair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        try {
            Files.createFile(pem, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pem, encoded, StandardCharsets.US_ASCII);
            tools.run("tpm2_flushcontext", "-t");
            tools.run("tpm2_import", "-C", "srk.ctx", "-G", "ecc", "-g", "sha256", "-i", pem.getFileName().toString(),
                    "-a", "userwithauth|sign", "-u", name + ".pub", "-r", name + ".priv");
        } catch (IOException e) {
            throw new TpmOperationException("importExternalKey: cannot stage the key file: " + e.getMessage(), e);
        } finally {
            ExternalTool.deleteQuietly(pem);
        }
        return load(name);
    }

    private TpmKeyHandle load(String name) throws TpmOperationException {
        tools.run("tpm2_flushcontext", "-t");
        tools.run("tpm2_load", "-C", "srk.ctx", "-u", name + ".pub", "-r", name + ".priv", "-c", name + ".ctx");
        tools.run("tpm2_flushcontext", "-t");
        TpmKeyHandle handle = new TpmKeyHandle(handlePrefix + name);
        keys.put(handle, name);
        return handle;
    }

    private String newKeyName() {
        return "key-" + nextKey++;
    }

    @Override
    public synchronized byte[] publicArea(TpmKeyHandle key) throws TpmOperationException {
        return read(workDir.resolve(fileOf(key) + ".pub"));
    }

    @Override
    public synchronized CertifyResult certify(TpmKeyHandle key, byte[] qualifyingData) throws TpmOperationException {
        String name = fileOf(key);
        tools.run("tpm2_flushcontext", "-t");
        try {
            int keyHandle = loadContext(name + ".ctx", Set.of());
            int akHandle = loadContext("ak.ctx", Set.of(keyHandle));
            write(workDir.resolve("certify.cmd"), TpmCertifyCommand.command(keyHandle, akHandle, qualifyingData));
            byte[] response = send("certify");
            for (int retry = 0; retry < 3 && TpmCertifyCommand.asksToRetry(response); retry++) {
                // Esys retries TPM_RC_RETRY/YIELDED/TESTING by itself; tpm2_send does not
                response = send("certify");
            }
            return TpmCertifyCommand.parseResponse(response);
        } finally {
            tools.run("tpm2_flushcontext", "-t");
        }
    }

    private byte[] send(String command) throws TpmOperationException {
        tools.run("tpm2_send", "-o", command + ".rsp", command + ".cmd");
        return read(workDir.resolve(command + ".rsp"));
    }

    /** Loads a saved context (tpm2_readpublic leaves it loaded) and returns the transient handle it got. */
    private int loadContext(String context, Set<Integer> alreadyLoaded) throws TpmOperationException {
        tools.run("tpm2_readpublic", "-c", context);
        Set<Integer> loaded = new HashSet<>(transientHandles());
        loaded.removeAll(alreadyLoaded);
        if (loaded.size() != 1) {
            throw new TpmOperationException("tpm2_readpublic of " + context + " left " + loaded.size()
                    + " new transient objects, expected 1");
        }
        return loaded.iterator().next();
    }

    private List<Integer> transientHandles() throws TpmOperationException {
        List<Integer> handles = new ArrayList<>();
        for (String line : tools.run("tpm2_getcap", "handles-transient").split("\n")) {
            String handle = line.replace("-", "").strip();
            if (handle.startsWith("0x")) {
                handles.add(Integer.parseUnsignedInt(handle.substring(2), 16));
            }
        }
        return handles;
    }

    @Override
    public synchronized byte[] signSha256(TpmKeyHandle key, byte[] message) throws TpmOperationException {
        String name = fileOf(key);
        write(workDir.resolve("message.bin"), message);
        tools.run("tpm2_flushcontext", "-t");
        try {
            tools.run("tpm2_sign", "-c", name + ".ctx", "-g", "sha256", "-f", "plain", "-o", "signature.der",
                    "message.bin");
            return read(workDir.resolve("signature.der"));
        } finally {
            tools.run("tpm2_flushcontext", "-t");
        }
    }

    private String fileOf(TpmKeyHandle key) throws TpmOperationException {
        String name = keys.get(key);
        if (name == null) {
            throw new TpmOperationException("unknown key handle " + key.id() + ": not created by this TPM");
        }
        return name;
    }

    private static byte[] read(Path file) throws TpmOperationException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TpmOperationException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, byte[] bytes) throws TpmOperationException {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new TpmOperationException("cannot write " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Flushes what this client left loaded; the swtpm process belongs to whoever started it. */
    @Override
    public synchronized void close() {
        try {
            tools.run("tpm2_flushcontext", "-t");
        } catch (TpmOperationException e) {
            // the TPM may already be gone; its transient objects went with it
        }
    }

    @Override
    public String toString() {
        return "SwtpmTpm[" + workDir + "]";
    }
}
