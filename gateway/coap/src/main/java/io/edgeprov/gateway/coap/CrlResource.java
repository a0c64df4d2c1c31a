package io.edgeprov.gateway.coap;

import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.CoapPaths;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.pki.crl.SignedCrl;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * {@code GET /.well-known/est/crl}: the gateway's current CRL, DER, Content-Format 42 (no CoAP
 * Content-Format exists for application/pkix-crl; decision 0026). Max-Age 0: a revocation signs a new
 * CRL at once, so a caching proxy must not serve the old one for CoAP's default 60 s. Before the
 * first CRL is signed, 5.03.
 */
final class CrlResource extends CoapResource {
    private final Supplier<Optional<SignedCrl>> currentCrl;
    private final Answers answers;

    CrlResource(Supplier<Optional<SignedCrl>> currentCrl, Answers answers) {
        super("crl");
        this.currentCrl = Objects.requireNonNull(currentCrl, "currentCrl");
        this.answers = Objects.requireNonNull(answers, "answers");
        getAttributes().addResourceType(CoapPaths.resourceType(CoapPaths.CRL).orElseThrow());
        getAttributes().addContentType(CoapPaths.CF_OCTET_STREAM);
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        if (exchange.getRequestOptions().hasAccept() && exchange.getRequestOptions().getAccept() != CoapPaths.CF_OCTET_STREAM) {
            answers.refuse(exchange, "crl", ResponseCode.NOT_ACCEPTABLE, new Rejection(ClientToken.NONE,
                    WireErrorCode.MALFORMED_MESSAGE, "Accept must be 42 (the CRL as DER)"));
            return;
        }
        Optional<SignedCrl> crl = currentCrl.get();
        if (crl.isEmpty()) {
            answers.refuse(exchange, "crl", ResponseCode.SERVICE_UNAVAILABLE, new Rejection(ClientToken.NONE,
                    WireErrorCode.INTERNAL_ERROR, "no CRL signed yet; retry later"));
            return;
        }
        answers.success(exchange, "crl", ResponseCode.CONTENT, crl.get().der(), CoapPaths.CF_OCTET_STREAM, 0L);
    }
}
