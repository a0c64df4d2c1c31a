package io.edgeprov.contracts.device;

/** A message of contract v1, exchanged between device firmware and the gateway. */
public sealed interface DeviceMessage
        permits AttestationBegin, Challenge, AttestationFinish, CredentialBundle, RenewRequest,
        RevocationNotice, Rejection {

    MessageType type();
}
