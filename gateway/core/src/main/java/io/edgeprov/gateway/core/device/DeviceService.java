package io.edgeprov.gateway.core.device;

import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.core.enrollment.EnrollmentOutcome;
import io.edgeprov.gateway.core.enrollment.EnrollmentRefusal;
import io.edgeprov.gateway.core.enrollment.EnrollmentUseCases;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.core.observability.Redactor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device port over the enrollment use cases: authorize, act, answer (STYLE "handlers are thin").
 *
 * <p>A peer without a certificate may only begin and finish; one with a device certificate may also
 * renew, and may re-attest. A body that names a device must name the peer's own. An issued certificate
 * binds the connection to it ({@link ConnectionEffect.BoundToDevice}); a refusal because the device or
 * its certificate is revoked cuts the connection off ({@link ConnectionEffect.CutOff}). The internal
 * cause of a refusal is logged, redacted; the device sees only the code and a short reason. Unexpected
 * failures become {@code INTERNAL_ERROR} without details.
 */
public final class DeviceService implements DevicePort {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceService.class);

    private final EnrollmentUseCases useCases;

    public DeviceService(EnrollmentUseCases useCases) {
        this.useCases = Objects.requireNonNull(useCases, "useCases");
    }

    @Override
    public CompletableFuture<DeviceAnswer> handle(ClientIdentity peer, DeviceRequest request) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(request, "request");
        try {
            return act(peer, request).exceptionally(failure -> internalError(peer, request, failure));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(internalError(peer, request, e));
        }
    }

    @Override
    public DeviceAnswer.Refused refuse(ClientToken token, WireErrorCode code, String reason) {
        return new DeviceAnswer.Refused(new Rejection(token, code, reason), Optional.empty(), List.of());
    }

    private CompletableFuture<DeviceAnswer> act(ClientIdentity peer, DeviceRequest request) {
        String deviceId = peer.deviceId();
        Optional<DeviceId> named = request.namedDevice();
        if (named.isPresent() && !named.get().value().equals(deviceId)) {
            LOG.info("refused {} from {}: the body names device {}", request.type(), deviceId, named.get().value());
            return done(refuse(request.clientToken(), WireErrorCode.DEVICE_MISMATCH, "the request names another device"));
        }
        if (request instanceof DeviceRequest.Begin begin) {
            return useCases.begin(deviceId, begin.message()).thenApply(outcome -> answer(peer, request, outcome));
        }
        if (request instanceof DeviceRequest.Finish finish) {
            return useCases.finish(deviceId, finish.message()).thenApply(outcome -> answer(peer, request, outcome));
        }
        DeviceRequest.Renew renew = (DeviceRequest.Renew) request;
        if (!(peer instanceof ClientIdentity.Device device)) {
            LOG.info("refused renew from {}: no device certificate", deviceId);
            return done(refuse(request.clientToken(), WireErrorCode.NOT_AUTHORIZED,
                    "renewal needs the current device certificate"));
        }
        return useCases.renew(device, renew.message()).thenApply(outcome -> answer(peer, request, outcome));
    }

    private DeviceAnswer answer(ClientIdentity peer, DeviceRequest request,
            EnrollmentOutcome<? extends DeviceMessage> outcome) {
        if (outcome instanceof EnrollmentOutcome.Accepted<? extends DeviceMessage> accepted) {
            List<ConnectionEffect> effects = accepted.issuedSerialHex()
                    .<List<ConnectionEffect>>map(serial -> List.of(new ConnectionEffect.BoundToDevice(peer.deviceId(), serial)))
                    .orElse(List.of());
            return new DeviceAnswer.Replied(accepted.reply(), effects);
        }
        EnrollmentOutcome.Refused<? extends DeviceMessage> refused = (EnrollmentOutcome.Refused<? extends DeviceMessage>) outcome;
        EnrollmentRefusal cause = refused.cause();
        LOG.info("refused {} from {}: {} ({})", request.type(), peer.deviceId(), cause, Redactor.redact(refused.detail()));
        return new DeviceAnswer.Refused(new Rejection(request.clientToken(), cause.wireCode(), cause.reason()),
                Optional.of(cause), effectsOf(peer, cause));
    }

    /** A revoked device, or one presenting a revoked certificate, keeps no connection open. */
    private static List<ConnectionEffect> effectsOf(ClientIdentity peer, EnrollmentRefusal cause) {
        Optional<String> serial = peer instanceof ClientIdentity.Device device ? Optional.of(device.serialHex())
                : Optional.empty();
        return switch (cause) {
            case DEVICE_REVOKED, CERTIFICATE_REVOKED -> List.of(new ConnectionEffect.CutOff(peer.deviceId(), serial,
                    cause.reason()));
            default -> List.of();
        };
    }

    private DeviceAnswer internalError(ClientIdentity peer, DeviceRequest request, Throwable failure) {
        // Operators need the cause to act on it; unexpected messages may quote anything, so they
        // pass through the Redactor and are cut short. The device sees neither.
        Throwable cause = rootCause(failure);
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        LOG.warn("internal error on {} from {}: {}: {}", request.type(), peer.deviceId(), cause.getClass().getName(),
                Redactor.redact(message.length() > 200 ? message.substring(0, 200) : message));
        return refuse(request.clientToken(), WireErrorCode.INTERNAL_ERROR, "the gateway failed; retry later");
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable current = failure;
        while (current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return current;
    }

    private static CompletableFuture<DeviceAnswer> done(DeviceAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }
}
