package io.edgeprov.pki.tpm;

import java.io.PrintStream;
import java.security.KeyPair;
import java.security.SecureRandom;

/**
 * Measures, on one thread and in thread CPU time, the gateway's cost of one full attestation: checking the EK and AK
 * public areas, MakeCredential against the EK, and verifying certify evidence and CSR. Device-side
 * work (activation, signing) is prepared beforehand and not timed. Run by hand; no assertions.
 * Usage: java -cp ... io.edgeprov.pki.tpm.AttestationCostMain [iterations]
 */
public final class AttestationCostMain {
    /** Thread CPU time, not wall time: the build machine is shared and wall time measures the neighbours. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private AttestationCostMain() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        PrintStream out = System.out;
        EvidenceVerifier verifier = new EvidenceVerifier();
        SecureRandom random = new SecureRandom();
        GivenEvidence given = GivenEvidence.eccAk();
        byte[] akWire = given.ak().marshalTpm2b();
        CertifyEvidence evidence = given.evidence();
        out.printf("iterations per case: %d (after as many warm-up rounds)%n", iterations);
        for (String kind : new String[] {"RSA-2048 EK", "ECC P-256 EK", "ECC P-384 EK"}) {
            KeyPair ekPair = kind.startsWith("RSA") ? TestKeys.RSA_EK : kind.contains("384") ? TestKeys.P384_EK : TestKeys.P256_EK;
            TpmPublic template = kind.startsWith("RSA") ? TpmPublic.ekTemplateRsa2048()
                    : kind.contains("384") ? TpmPublic.ekTemplateEccP384() : TpmPublic.ekTemplateEccP256();
            byte[] ekWire = template.withUnique(ekPair.getPublic()).marshalTpm2b();
            long[] split = new long[2];
            run(verifier, random, ekWire, akWire, evidence, iterations, split);
            split[0] = 0;
            split[1] = 0;
            long start = CPU.getCurrentThreadCpuTime();
            run(verifier, random, ekWire, akWire, evidence, iterations, split);
            double total = (CPU.getCurrentThreadCpuTime() - start) / 1000.0 / iterations;
            out.printf("%-13s full check %7.1f us  (begin: EK+AK checks + MakeCredential %7.1f us; finish: certify+CSR verification %7.1f us)%n",
                    kind, total, split[0] / 1000.0 / iterations, split[1] / 1000.0 / iterations);
        }
    }

    private static void run(EvidenceVerifier verifier, SecureRandom random, byte[] ekWire, byte[] akWire, CertifyEvidence evidence,
                            int iterations, long[] split) throws Exception {
        byte[] secret = new byte[32];
        for (int i = 0; i < iterations; i++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            TpmPublic ek = verifier.checkEndorsementKey(ekWire);
            TpmPublic ak = verifier.checkAttestationKey(akWire);
            random.nextBytes(secret);
            MakeCredential.make(ek, ak.name(), secret, random);
            long t1 = CPU.getCurrentThreadCpuTime();
            verifier.verifyCertify(ak, GivenEvidence.QUALIFYING_DATA, evidence);
            long t2 = CPU.getCurrentThreadCpuTime();
            split[0] += t1 - t0;
            split[1] += t2 - t1;
        }
    }
}
