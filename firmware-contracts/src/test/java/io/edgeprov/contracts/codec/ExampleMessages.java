package io.edgeprov.contracts.codec;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.AttestationProofs;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ChallengeId;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.NewDeviceKey;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.contracts.device.RevocationNotice;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.contracts.device.WireErrorCode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fixed example values behind the golden vectors. The byte fields are dummy counting
 * patterns, not key material; only the secret proof is really computed, from a dummy secret,
 * so firmware authors can check their HMAC against it.
 */
final class ExampleMessages {

    static final ClientToken TOKEN = new ClientToken("c7Tq-0001");
    static final ChallengeId CHALLENGE_ID = new ChallengeId("Yx3f_Q9kLm2Z");
    static final DeviceId DEVICE_ID = new DeviceId("sensor-0042");
    /** The dummy activated secret: bytes 0x00..0x1f. */
    static final byte[] ACTIVATED_SECRET = dummy(0x00, 32);

    private ExampleMessages() {
    }

    /** Example name (the golden file's base name) to message, in a stable order. */
    static Map<String, DeviceMessage> all() {
        Map<String, DeviceMessage> m = new LinkedHashMap<>();
        m.put("attestation-begin", new AttestationBegin(TOKEN, dummy(0x10, 24), Optional.of(dummy(0x30, 20)),
                dummy(0x50, 24)));
        m.put("attestation-begin-coap", new AttestationBegin(TOKEN, dummy(0x10, 24), Optional.of(dummy(0x30, 20)),
                dummy(0x50, 24), Optional.of(DEVICE_ID)));
        m.put("attestation-begin-with-ek-chain", new AttestationBegin(TOKEN, dummy(0x10, 24), Optional.of(dummy(0x30, 20)),
                dummy(0x50, 24), Optional.empty(), List.of(dummy(0x40, 12), dummy(0x60, 12))));
        m.put("attestation-begin-without-ek-certificate", new AttestationBegin(TOKEN, dummy(0x10, 24),
                Optional.empty(), dummy(0x50, 24)));
        m.put("challenge", new Challenge(TOKEN, CHALLENGE_ID, dummy(0x70, 20), dummy(0x90, 16),
                Instant.parse("2026-01-01T00:05:00Z")));
        m.put("attestation-finish", new AttestationFinish(TOKEN, CHALLENGE_ID,
                AttestationProofs.secretProof(ACTIVATED_SECRET, CHALLENGE_ID), dummy(0xa0, 16), dummy(0xb0, 16),
                dummy(0xc0, 24), dummy(0xd0, 20)));
        m.put("attestation-finish-coap", new AttestationFinish(TOKEN, CHALLENGE_ID,
                AttestationProofs.secretProof(ACTIVATED_SECRET, CHALLENGE_ID), dummy(0xa0, 16), dummy(0xb0, 16),
                dummy(0xc0, 24), dummy(0xd0, 20), Optional.of(DEVICE_ID)));
        m.put("credential-bundle", new CredentialBundle(TOKEN, dummy(0xe0, 20), List.of(dummy(0x40, 12),
                dummy(0x60, 12)), Instant.parse("2026-01-02T00:00:00Z"), Instant.parse("2026-01-01T16:00:00Z")));
        m.put("renew-request", new RenewRequest(TOKEN, dummy(0xd0, 20), Optional.empty()));
        m.put("renew-request-with-new-key", new RenewRequest(TOKEN, dummy(0xd0, 20), Optional.of(
                new NewDeviceKey(dummy(0xc0, 24), dummy(0xa0, 16), dummy(0xb0, 16)))));
        m.put("revocation-notice", new RevocationNotice(DEVICE_ID, "5f3a9c0e12ab34cd",
                RevocationReason.KEY_COMPROMISE, Instant.parse("2026-01-01T12:00:00Z")));
        m.put("rejection", new Rejection(TOKEN, WireErrorCode.CHALLENGE_EXPIRED, "challenge expired"));
        m.put("rejection-without-client-token", new Rejection(ClientToken.NONE, WireErrorCode.MALFORMED_MESSAGE,
                "field $: SYNTAX"));
        m.put("rejection-device-revoked", new Rejection(TOKEN, WireErrorCode.DEVICE_REVOKED, "the device is revoked"));
        return m;
    }

    /** {@code length} bytes counting up from {@code first}, wrapping at 0xff. */
    static byte[] dummy(int first, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }
}
