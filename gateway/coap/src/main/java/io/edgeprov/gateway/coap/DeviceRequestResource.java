package io.edgeprov.gateway.coap;

import io.edgeprov.contracts.codec.DecodeResult;
import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.CoapPaths;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.contracts.device.WireLimits;
import io.edgeprov.gateway.core.device.DeviceAnswer;
import io.edgeprov.gateway.core.device.DevicePort;
import io.edgeprov.gateway.core.device.DeviceRequest;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.pki.Certificates;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.EndpointContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code attb}, {@code sen} and {@code sren}: POST a CBOR request of the contract, get the CBOR reply
 * (2.04) or a Rejection with the refusal's response code. Thin: check the options, admit, decode, call
 * the device port with the peer the DTLS handshake proved, encode, apply the effects.
 *
 * <p>{@code sren} also takes a bare PKCS#10 CSR (Content-Format 286) for the same key, as a plain
 * EST-coaps client sends it, and answers the certificate as 287 (the default) or 281 on Accept.
 */
final class DeviceRequestResource extends CoapResource {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRequestResource.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** Which request of the contract a resource takes. */
    enum Kind {
        BEGIN(CoapPaths.ATTEST_BEGIN), FINISH(CoapPaths.SIMPLE_ENROLL), RENEW(CoapPaths.SIMPLE_REENROLL);

        final String path;

        Kind(String path) {
            this.path = path;
        }

        String segment() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private final Kind kind;
    private final DevicePort port;
    private final Answers answers;
    private final RequestGate gate;
    private final Executor requests;
    private final SessionControl sessions;
    private final SecureRandom random;

    DeviceRequestResource(Kind kind, DevicePort port, Answers answers, RequestGate gate, Executor requests,
            SessionControl sessions, SecureRandom random) {
        super(kind.segment());
        this.kind = kind;
        this.port = Objects.requireNonNull(port, "port");
        this.answers = Objects.requireNonNull(answers, "answers");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.random = Objects.requireNonNull(random, "random");
        getAttributes().addResourceType(CoapPaths.resourceType(kind.path).orElseThrow());
        getAttributes().addContentType(CoapPaths.CF_CBOR);
        if (kind == Kind.RENEW) {
            getAttributes().addContentType(CoapPaths.CF_PKCS10);
            getAttributes().addContentType(CoapPaths.CF_PKIX_CERT);
            getAttributes().addContentType(CoapPaths.CF_PKCS7_CERTS_ONLY);
        }
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        String name = kind.segment();
        OptionSet options = exchange.getRequestOptions();
        byte[] payload = exchange.getRequestPayload();
        if (payload != null && payload.length > WireLimits.MESSAGE_MAX) {
            // Californium answers a block-wise body past its limit itself; this is a single oversized datagram.
            answers.refuse(exchange, name, ResponseCode.REQUEST_ENTITY_TOO_LARGE, new Rejection(ClientToken.NONE,
                    WireErrorCode.MALFORMED_MESSAGE, "the body exceeds " + WireLimits.MESSAGE_MAX + " bytes"));
            return;
        }
        int format = options.hasContentFormat() ? options.getContentFormat() : -1;
        boolean bareCsr = kind == Kind.RENEW && format == CoapPaths.CF_PKCS10;
        if (format != CoapPaths.CF_CBOR && !bareCsr) {
            answers.refuse(exchange, name, ResponseCode.UNSUPPORTED_CONTENT_FORMAT, new Rejection(ClientToken.NONE,
                    WireErrorCode.MALFORMED_MESSAGE, kind == Kind.RENEW
                            ? "Content-Format must be 60 (application/cbor) or 286 (application/pkcs10)"
                            : "Content-Format must be 60 (application/cbor)"));
            return;
        }
        Optional<Integer> answerFormat = answerFormat(options, bareCsr);
        if (answerFormat.isEmpty()) {
            answers.refuse(exchange, name, ResponseCode.NOT_ACCEPTABLE, new Rejection(ClientToken.NONE,
                    WireErrorCode.MALFORMED_MESSAGE, bareCsr ? "Accept must be 287 (application/pkix-cert) or 281 (pkcs7-mime certs-only)"
                            : "Accept must be 60 (application/cbor)"));
            return;
        }
        if (payload == null || payload.length == 0) {
            answers.refuse(exchange, name, Optional.empty(), WireErrorCode.MALFORMED_MESSAGE, "the request has no body");
            return;
        }
        Optional<RequestGate.Refusal> refusal = gate.enter(exchange.getSourceAddress().getHostAddress());
        if (refusal.isPresent()) {
            answers.refuse(exchange, name, ResponseCode.SERVICE_UNAVAILABLE, new Rejection(ClientToken.NONE,
                    WireErrorCode.RATE_LIMITED, refusal.get().reason()));
            return;
        }
        try {
            requests.execute(() -> {
                CompletableFuture<?> done;
                try {
                    done = handle(exchange, payload, bareCsr, answerFormat.get());
                } catch (RuntimeException e) {
                    LOG.warn("CoAP {} failed: {}", name, e.toString());
                    answers.refuse(exchange, name, Optional.empty(), WireErrorCode.INTERNAL_ERROR, "the gateway failed; retry later");
                    done = CompletableFuture.completedFuture(null);
                }
                done.whenComplete((ignored, failure) -> gate.leave());
            });
        } catch (RejectedExecutionException e) {
            gate.leave();
            answers.refuse(exchange, name, ResponseCode.SERVICE_UNAVAILABLE, new Rejection(ClientToken.NONE,
                    WireErrorCode.RATE_LIMITED, "the gateway is busy; retry later"));
        }
    }

    /** What the answer is encoded as: CBOR for CBOR requests; 287 or 281 for a bare CSR. Empty: not acceptable. */
    static Optional<Integer> answerFormat(OptionSet options, boolean bareCsr) {
        if (!options.hasAccept()) {
            return Optional.of(bareCsr ? CoapPaths.CF_PKIX_CERT : CoapPaths.CF_CBOR);
        }
        int accept = options.getAccept();
        if (bareCsr) {
            return accept == CoapPaths.CF_PKIX_CERT || accept == CoapPaths.CF_PKCS7_CERTS_ONLY ? Optional.of(accept) : Optional.empty();
        }
        return accept == CoapPaths.CF_CBOR ? Optional.of(accept) : Optional.empty();
    }

    /** Answers the request; the future completes once the answer is sent (or failed to be). */
    private CompletableFuture<?> handle(CoapExchange exchange, byte[] payload, boolean bareCsr, int answerFormat) {
        String name = kind.segment();
        Optional<ClientIdentity.Device> proved = sessions.identityOf(exchange.advanced().getRequest().getSourceContext());
        DecodeResult<? extends DeviceMessage> decoded = bareCsr ? bareCsrRequest(payload) : decode(payload);
        if (decoded instanceof DecodeResult.Malformed<? extends DeviceMessage> malformed) {
            LOG.info("CoAP {}: malformed body: field {} {} ({})", name, malformed.field(), malformed.problem(), malformed.detail());
            answers.refuse(exchange, name, malformed.clientToken(), WireErrorCode.MALFORMED_MESSAGE,
                    "field " + malformed.field() + ": " + malformed.problem().name().toLowerCase(java.util.Locale.ROOT));
            return DONE;
        }
        DeviceRequest request = request(decoded.decoded().orElseThrow());
        if (CoapPaths.requiresDeviceId(kind.path) && request.namedDevice().isEmpty()) {
            answers.refuse(exchange, name, Optional.of(request.clientToken()), WireErrorCode.MALFORMED_MESSAGE,
                    "field deviceId: missing (required on CoAP)");
            return DONE;
        }
        Optional<ClientIdentity> peer = peer(request, proved);
        if (peer.isEmpty()) {
            answers.refuse(exchange, name, Optional.of(request.clientToken()), WireErrorCode.NOT_AUTHORIZED,
                    "renewal needs a DTLS session with the current device certificate");
            return DONE;
        }
        return port.handle(peer.get(), request).whenComplete((answer, failure) -> {
            if (failure != null) {
                // The port promises a future that never fails; if one does, the device still gets an answer.
                answers.refuse(exchange, name, Optional.of(request.clientToken()), WireErrorCode.INTERNAL_ERROR,
                        "the gateway failed; retry later");
                return;
            }
            answer(exchange, answer, bareCsr, answerFormat, peer.get());
        });
    }

    private DecodeResult<? extends DeviceMessage> decode(byte[] payload) {
        return switch (kind) {
            case BEGIN -> answers.codec().decodeAttestationBegin(payload);
            case FINISH -> answers.codec().decodeAttestationFinish(payload);
            case RENEW -> answers.codec().decodeRenewRequest(payload);
        };
    }

    /** A bare CSR as the contract's renewal for the same key; the core verifies the CSR itself. */
    private DecodeResult<RenewRequest> bareCsrRequest(byte[] csr) {
        if (csr.length > WireLimits.CSR_MAX) {
            return new DecodeResult.Malformed<>("csr", io.edgeprov.contracts.device.WireProblem.TOO_LONG,
                    csr.length + " bytes, at most " + WireLimits.CSR_MAX, Optional.empty());
        }
        byte[] token = new byte[8];
        random.nextBytes(token);
        return new DecodeResult.Decoded<>(new RenewRequest(new ClientToken("est-" + HEX.formatHex(token)), csr, Optional.empty()));
    }

    private static DeviceRequest request(DeviceMessage message) {
        if (message instanceof AttestationBegin begin) {
            return new DeviceRequest.Begin(begin);
        }
        if (message instanceof AttestationFinish finish) {
            return new DeviceRequest.Finish(finish);
        }
        return new DeviceRequest.Renew((RenewRequest) message);
    }

    /**
     * Who asks: the device the DTLS certificate proved, else (attestation only) the device the body
     * names. Empty when there is nobody: a renewal without a certificate, an attestation body without
     * {@code deviceId} (decision 0015). A body naming another device than the certificate is the port's
     * DEVICE_MISMATCH.
     */
    private Optional<ClientIdentity> peer(DeviceRequest request, Optional<ClientIdentity.Device> proved) {
        if (proved.isPresent()) {
            return Optional.of(proved.get());
        }
        if (kind == Kind.RENEW) {
            return Optional.empty();
        }
        return request.namedDevice().map(DeviceId::value).map(ClientIdentity.Unenrolled::new);
    }

    private void answer(CoapExchange exchange, DeviceAnswer answer, boolean bareCsr, int answerFormat, ClientIdentity peer) {
        String name = kind.segment();
        EndpointContext context = exchange.advanced().getRequest().getSourceContext();
        Runnable effects = () -> sessions.apply(answer.effects(), context);
        if (answer instanceof DeviceAnswer.Replied replied) {
            if (bareCsr) {
                Optional<byte[]> body = certificateBody((CredentialBundle) replied.reply(), answerFormat);
                if (body.isEmpty()) {
                    answers.refuse(exchange, name, Optional.empty(), WireErrorCode.INTERNAL_ERROR, "the gateway failed; retry later");
                } else {
                    answers.success(exchange, name, ResponseCode.CHANGED, body.get(), answerFormat, effects);
                }
            } else {
                answers.success(exchange, name, ResponseCode.CHANGED, answers.codec().encode(replied.reply()), CoapPaths.CF_CBOR,
                        effects);
            }
        } else {
            DeviceAnswer.Refused refused = (DeviceAnswer.Refused) answer;
            ResponseCode code = refused.cause().map(CoapStatus::of).orElseGet(() -> CoapStatus.of(refused.rejection().code()));
            answers.refuse(exchange, name, code, refused.rejection(), effects);
        }
    }

    /** 287: the new certificate alone; 281: it and the chain as PKCS#7 certs-only. */
    private static Optional<byte[]> certificateBody(CredentialBundle bundle, int format) {
        if (format == CoapPaths.CF_PKIX_CERT) {
            return Optional.of(bundle.certificate());
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(Certificates.fromDer(bundle.certificate()));
            for (byte[] der : bundle.chain()) {
                chain.add(Certificates.fromDer(der));
            }
            return Optional.of(Certificates.pkcs7CertsOnly(chain));
        } catch (CertificateException e) {
            LOG.warn("cannot encode an issued certificate as PKCS#7: {}", e.toString());
            return Optional.empty();
        }
    }
}
