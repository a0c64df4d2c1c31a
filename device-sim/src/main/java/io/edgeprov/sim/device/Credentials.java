package io.edgeprov.sim.device;

import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.sim.tpm.TpmKeyHandle;
import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns a CredentialBundle into a {@link DeviceCredential}, checking it certifies the key the device asked for. */
final class Credentials {
    private Credentials() {
    }

    static DeviceCredential fromBundle(CredentialBundle bundle, TpmKeyHandle key, PublicKey expectedKey)
            throws BadBundle {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            chain.add(parse(factory, bundle.certificate()));
            for (byte[] ca : bundle.chain()) {
                chain.add(parse(factory, ca));
            }
        } catch (CertificateException e) {
            throw new BadBundle("the bundle's certificates do not parse: " + e.getMessage());
        }
        if (!Arrays.equals(chain.get(0).getPublicKey().getEncoded(), expectedKey.getEncoded())) {
            throw new BadBundle("the issued certificate does not hold the device's TPM key");
        }
        return new DeviceCredential(chain, key, bundle.renewAfter());
    }

    private static X509Certificate parse(CertificateFactory factory, byte[] der) throws CertificateException {
        return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
    }

    /** The gateway's bundle is unusable. */
    static final class BadBundle extends Exception {
        private static final long serialVersionUID = 1L;

        BadBundle(String message) {
            super(message);
        }
    }
}
