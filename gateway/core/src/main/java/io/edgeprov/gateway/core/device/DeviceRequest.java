package io.edgeprov.gateway.core.device;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.MessageType;
import io.edgeprov.contracts.device.RenewRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's request as the core sees it: one of the contract's request messages, keyed by its message
 * type, whatever transport carried it (an MQTT topic, a CoAP resource).
 */
public sealed interface DeviceRequest permits DeviceRequest.Begin, DeviceRequest.Finish, DeviceRequest.Renew {

    /** The contract's message type of the request. */
    MessageType type();

    /** The token the device chose, echoed in the answer. */
    ClientToken clientToken();

    /** The device id the message body names, when it names one (CoAP always does; MQTT may). */
    Optional<DeviceId> namedDevice();

    record Begin(AttestationBegin message) implements DeviceRequest {
        public Begin {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public MessageType type() {
            return MessageType.ATTESTATION_BEGIN;
        }

        @Override
        public ClientToken clientToken() {
            return message.clientToken();
        }

        @Override
        public Optional<DeviceId> namedDevice() {
            return message.deviceId();
        }
    }

    record Finish(AttestationFinish message) implements DeviceRequest {
        public Finish {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public MessageType type() {
            return MessageType.ATTESTATION_FINISH;
        }

        @Override
        public ClientToken clientToken() {
            return message.clientToken();
        }

        @Override
        public Optional<DeviceId> namedDevice() {
            return message.deviceId();
        }
    }

    record Renew(RenewRequest message) implements DeviceRequest {
        public Renew {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public MessageType type() {
            return MessageType.RENEW_REQUEST;
        }

        @Override
        public ClientToken clientToken() {
            return message.clientToken();
        }

        @Override
        public Optional<DeviceId> namedDevice() {
            return Optional.empty();
        }
    }
}
