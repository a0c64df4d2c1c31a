package io.edgeprov.gateway.coap;

import io.edgeprov.contracts.codec.DeviceCodec;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.CoapPaths;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.WireErrorCode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * Sends every answer of the CoAP front end and counts it: a success with its payload and Content-Format,
 * or a refusal whose CBOR {@link Rejection} body carries the wire code (firmware acts on that; the
 * response code is for generic clients). Busy answers (5.03) carry Max-Age, the seconds to wait.
 */
final class Answers {
    private final DeviceCodec cbor;
    private final CoapMetrics metrics;
    private final Duration busyRetryAfter;

    Answers(DeviceCodec cbor, CoapMetrics metrics, Duration busyRetryAfter) {
        this.cbor = Objects.requireNonNull(cbor, "cbor");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.busyRetryAfter = Objects.requireNonNull(busyRetryAfter, "busyRetryAfter");
    }

    void success(CoapExchange exchange, String resource, ResponseCode code, byte[] payload, int contentFormat) {
        success(exchange, resource, code, payload, contentFormat, () -> { });
    }

    /** A success with an explicit Max-Age (CoAP's default is 60 s). */
    void success(CoapExchange exchange, String resource, ResponseCode code, byte[] payload, int contentFormat, long maxAge) {
        Response response = new Response(code);
        response.setPayload(payload);
        response.getOptions().setContentFormat(contentFormat).setMaxAge(maxAge);
        send(exchange, resource, response, () -> { });
    }

    /** A success, then {@code afterSent} once the response left (or failed to): effects follow the answer. */
    void success(CoapExchange exchange, String resource, ResponseCode code, byte[] payload, int contentFormat,
            Runnable afterSent) {
        Response response = new Response(code);
        response.setPayload(payload);
        response.getOptions().setContentFormat(contentFormat);
        send(exchange, resource, response, afterSent);
    }

    /** A refusal made in this adapter or by the port without a use-case cause: code from the wire code. */
    void refuse(CoapExchange exchange, String resource, Optional<ClientToken> token, WireErrorCode code, String reason) {
        refuse(exchange, resource, CoapStatus.of(code), new Rejection(token.orElse(ClientToken.NONE), code, reason));
    }

    /** A refusal with a chosen response code (4.15, 4.06, 4.13 say more about the request than the wire code can). */
    void refuse(CoapExchange exchange, String resource, ResponseCode code, Rejection rejection) {
        refuse(exchange, resource, code, rejection, () -> { });
    }

    void refuse(CoapExchange exchange, String resource, ResponseCode code, Rejection rejection, Runnable afterSent) {
        Response response = new Response(code);
        response.setPayload(cbor.encode(rejection));
        response.getOptions().setContentFormat(CoapPaths.CF_CBOR);
        if (code == ResponseCode.SERVICE_UNAVAILABLE) {
            response.getOptions().setMaxAge(busyRetryAfter.toSeconds());
        }
        metrics.refused(resource, rejection.code());
        send(exchange, resource, response, afterSent);
    }

    private void send(CoapExchange exchange, String resource, Response response, Runnable afterSent) {
        metrics.answered(resource, response.getCode().text);
        AtomicBoolean once = new AtomicBoolean();
        response.addMessageObserver(new MessageObserverAdapter() {
            @Override
            public void onSent(boolean retransmission) {
                run();
            }

            @Override
            protected void failed() {
                run();
            }

            private void run() {
                if (once.compareAndSet(false, true)) {
                    afterSent.run();
                }
            }
        });
        exchange.respond(response);
    }

    DeviceCodec codec() {
        return cbor;
    }
}
