package io.edgeprov.gateway.core.device;

import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import java.util.concurrent.CompletableFuture;

/**
 * The device-facing port every front end calls: a decoded request from a peer whose identity the
 * transport established (a claimed device id, and the device certificate it proved when it presented
 * one), answered with a typed {@link DeviceAnswer}. The future never fails: an internal error is an
 * {@code INTERNAL_ERROR} refusal.
 */
public interface DevicePort {

    CompletableFuture<DeviceAnswer> handle(ClientIdentity peer, DeviceRequest request);

    /**
     * The refusal for a request the front end itself refused before decoding it fully or before it
     * reached the port (a malformed payload, a source asking too often), in the same shape.
     */
    DeviceAnswer.Refused refuse(ClientToken token, WireErrorCode code, String reason);
}
