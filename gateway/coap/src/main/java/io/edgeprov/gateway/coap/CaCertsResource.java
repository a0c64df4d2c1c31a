package io.edgeprov.gateway.coap;

import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.CoapPaths;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.pki.Certificates;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * {@code GET /.well-known/est/crts}: the gateway CA chain (gateway CA first, up to the fleet root) as
 * PKCS#7 certs-only, Content-Format 281 (RFC 9148's default); with Accept 287 the gateway CA certificate
 * alone, DER, which is the one certificate a device needs to check the gateway's DTLS certificate and its own.
 */
final class CaCertsResource extends CoapResource {
    private final byte[] pkcs7;
    private final byte[] issuingCa;
    private final Answers answers;

    CaCertsResource(List<X509Certificate> caChain, Answers answers) throws CertificateException {
        super("crts");
        if (caChain.isEmpty()) {
            throw new IllegalArgumentException("the CA chain is empty");
        }
        this.pkcs7 = Certificates.pkcs7CertsOnly(caChain);
        this.issuingCa = caChain.get(0).getEncoded();
        this.answers = Objects.requireNonNull(answers, "answers");
        getAttributes().addResourceType(CoapPaths.resourceType(CoapPaths.CA_CERTS).orElseThrow());
        getAttributes().addContentType(CoapPaths.CF_PKCS7_CERTS_ONLY);
        getAttributes().addContentType(CoapPaths.CF_PKIX_CERT);
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        int accept = exchange.getRequestOptions().hasAccept() ? exchange.getRequestOptions().getAccept()
                : CoapPaths.CF_PKCS7_CERTS_ONLY;
        if (accept == CoapPaths.CF_PKCS7_CERTS_ONLY) {
            answers.success(exchange, "crts", ResponseCode.CONTENT, pkcs7, accept);
        } else if (accept == CoapPaths.CF_PKIX_CERT) {
            answers.success(exchange, "crts", ResponseCode.CONTENT, issuingCa, accept);
        } else {
            answers.refuse(exchange, "crts", ResponseCode.NOT_ACCEPTABLE, new Rejection(ClientToken.NONE,
                    WireErrorCode.MALFORMED_MESSAGE, "Accept must be 281 (pkcs7-mime certs-only) or 287 (pkix-cert)"));
        }
    }
}
