package io.edgeprov.contracts.codec;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.MessageType;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.contracts.device.RevocationNotice;

/**
 * Encodes and decodes the messages of contract v1 in one wire format. Encoding is
 * deterministic (same message, same bytes); decoding is bounded and never throws for bad input.
 * Implementations are immutable and safe to share between threads.
 */
public interface DeviceCodec {

    /** Encodes any contract message; the bytes never exceed {@code WireLimits.MESSAGE_MAX}. */
    byte[] encode(DeviceMessage message);

    /** Decodes a payload expected to hold a message of the given type. */
    DecodeResult<DeviceMessage> decode(MessageType type, byte[] payload);

    DecodeResult<AttestationBegin> decodeAttestationBegin(byte[] payload);

    DecodeResult<Challenge> decodeChallenge(byte[] payload);

    DecodeResult<AttestationFinish> decodeAttestationFinish(byte[] payload);

    DecodeResult<CredentialBundle> decodeCredentialBundle(byte[] payload);

    DecodeResult<RenewRequest> decodeRenewRequest(byte[] payload);

    DecodeResult<RevocationNotice> decodeRevocationNotice(byte[] payload);

    DecodeResult<Rejection> decodeRejection(byte[] payload);
}
