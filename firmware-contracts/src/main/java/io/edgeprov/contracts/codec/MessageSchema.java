package io.edgeprov.contracts.codec;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ChallengeId;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.ContractViolation;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.MessageType;
import io.edgeprov.contracts.device.NewDeviceKey;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.contracts.device.RevocationNotice;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.contracts.device.WireLimits;
import io.edgeprov.contracts.device.WireProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The format-neutral shape of each message: field names, kinds and order, the mapping from a
 * record to wire entries and back. Both codecs share it, so JSON and CBOR cannot drift apart.
 */
final class MessageSchema {

    /** How a field travels: JSON string / CBOR text, base64url / byte string, integer, list of binaries. */
    enum Kind { TEXT, BYTES, INT, BYTES_LIST }

    record FieldSpec(String name, Kind kind, boolean required) {
    }

    /** One encoded field; value is a String, byte[], Long or List of byte[]. */
    record Entry(String name, Object value) {
    }

    private static final String CLIENT_TOKEN = "clientToken";
    private static final String CHALLENGE_ID = "challengeId";
    private static final String DEVICE_KEY_PUBLIC = "deviceKeyPublic";
    private static final String CERTIFY_INFO = "certifyInfo";
    private static final String CERTIFY_SIGNATURE = "certifySignature";
    private static final String DEVICE_ID = "deviceId";
    private static final String EK_CERTIFICATE_CHAIN = "ekCertificateChain";

    private static final Map<MessageType, List<FieldSpec>> FIELDS = Map.of(
            MessageType.ATTESTATION_BEGIN, List.of(
                    text(CLIENT_TOKEN), bytes("ekPublic"), optionalBytes("ekCertificate"),
                    new FieldSpec(EK_CERTIFICATE_CHAIN, Kind.BYTES_LIST, false), bytes("akPublic"), optionalText(DEVICE_ID)),
            MessageType.CHALLENGE, List.of(
                    text(CLIENT_TOKEN), text(CHALLENGE_ID), bytes("credentialBlob"), bytes("encryptedSecret"),
                    integer("expiresAt")),
            MessageType.ATTESTATION_FINISH, List.of(
                    text(CLIENT_TOKEN), text(CHALLENGE_ID), bytes("secretProof"), bytes(CERTIFY_INFO),
                    bytes(CERTIFY_SIGNATURE), bytes(DEVICE_KEY_PUBLIC), bytes("csr"), optionalText(DEVICE_ID)),
            MessageType.CREDENTIAL_BUNDLE, List.of(
                    text(CLIENT_TOKEN), bytes("certificate"), new FieldSpec("chain", Kind.BYTES_LIST, true),
                    integer("notAfter"), integer("renewAfter")),
            MessageType.RENEW_REQUEST, List.of(
                    text(CLIENT_TOKEN), bytes("csr"), optionalBytes(DEVICE_KEY_PUBLIC), optionalBytes(CERTIFY_INFO),
                    optionalBytes(CERTIFY_SIGNATURE)),
            MessageType.REVOCATION_NOTICE, List.of(
                    text(DEVICE_ID), text("serial"), text("reason"), integer("revokedAt")),
            MessageType.REJECTION, List.of(
                    text(CLIENT_TOKEN), integer("code"), text("reason")));

    private MessageSchema() {
    }

    /** The fields of a message in their documented (and JSON) order. */
    static List<FieldSpec> fields(MessageType type) {
        return FIELDS.get(type);
    }

    static List<Entry> entries(DeviceMessage message) {
        List<Entry> out = new ArrayList<>();
        if (message instanceof AttestationBegin m) {
            out.add(new Entry(CLIENT_TOKEN, m.clientToken().value()));
            out.add(new Entry("ekPublic", m.ekPublic()));
            m.ekCertificate().ifPresent(c -> out.add(new Entry("ekCertificate", c)));
            if (!m.ekCertificateChain().isEmpty()) {
                out.add(new Entry(EK_CERTIFICATE_CHAIN, m.ekCertificateChain()));
            }
            out.add(new Entry("akPublic", m.akPublic()));
            m.deviceId().ifPresent(id -> out.add(new Entry(DEVICE_ID, id.value())));
        } else if (message instanceof Challenge m) {
            out.add(new Entry(CLIENT_TOKEN, m.clientToken().value()));
            out.add(new Entry(CHALLENGE_ID, m.challengeId().value()));
            out.add(new Entry("credentialBlob", m.credentialBlob()));
            out.add(new Entry("encryptedSecret", m.encryptedSecret()));
            out.add(new Entry("expiresAt", m.expiresAt().getEpochSecond()));
        } else if (message instanceof AttestationFinish m) {
            out.add(new Entry(CLIENT_TOKEN, m.clientToken().value()));
            out.add(new Entry(CHALLENGE_ID, m.challengeId().value()));
            out.add(new Entry("secretProof", m.secretProof()));
            out.add(new Entry(CERTIFY_INFO, m.certifyInfo()));
            out.add(new Entry(CERTIFY_SIGNATURE, m.certifySignature()));
            out.add(new Entry(DEVICE_KEY_PUBLIC, m.deviceKeyPublic()));
            out.add(new Entry("csr", m.csr()));
            m.deviceId().ifPresent(id -> out.add(new Entry(DEVICE_ID, id.value())));
        } else if (message instanceof CredentialBundle m) {
            out.add(new Entry(CLIENT_TOKEN, m.clientToken().value()));
            out.add(new Entry("certificate", m.certificate()));
            out.add(new Entry("chain", m.chain()));
            out.add(new Entry("notAfter", m.notAfter().getEpochSecond()));
            out.add(new Entry("renewAfter", m.renewAfter().getEpochSecond()));
        } else if (message instanceof RenewRequest m) {
            out.add(new Entry(CLIENT_TOKEN, m.clientToken().value()));
            out.add(new Entry("csr", m.csr()));
            m.newKey().ifPresent(k -> {
                out.add(new Entry(DEVICE_KEY_PUBLIC, k.deviceKeyPublic()));
                out.add(new Entry(CERTIFY_INFO, k.certifyInfo()));
                out.add(new Entry(CERTIFY_SIGNATURE, k.certifySignature()));
            });
        } else if (message instanceof RevocationNotice m) {
            out.add(new Entry(DEVICE_ID, m.deviceId().value()));
            out.add(new Entry("serial", m.serial()));
            out.add(new Entry("reason", m.reason().rfcName()));
            out.add(new Entry("revokedAt", m.revokedAt().getEpochSecond()));
        } else if (message instanceof Rejection m) {
            out.add(new Entry(CLIENT_TOKEN, m.clientToken().value()));
            out.add(new Entry("code", (long) m.code().code()));
            out.add(new Entry("reason", m.reason()));
        } else {
            throw new IllegalArgumentException("not a contract v1 message: " + message.getClass().getName());
        }
        return out;
    }

    /** Builds the record from type-checked values; record validation reports field and problem. */
    static DeviceMessage build(MessageType type, Values v) {
        switch (type) {
            case ATTESTATION_BEGIN:
                return new AttestationBegin(new ClientToken(v.text(CLIENT_TOKEN)), v.bytes("ekPublic"),
                        v.optionalBytes("ekCertificate"), v.bytes("akPublic"), optionalDeviceId(v), ekChain(v));
            case CHALLENGE:
                return new Challenge(new ClientToken(v.text(CLIENT_TOKEN)), new ChallengeId(v.text(CHALLENGE_ID)),
                        v.bytes("credentialBlob"), v.bytes("encryptedSecret"), v.epochSeconds("expiresAt"));
            case ATTESTATION_FINISH:
                return new AttestationFinish(new ClientToken(v.text(CLIENT_TOKEN)),
                        new ChallengeId(v.text(CHALLENGE_ID)), v.bytes("secretProof"), v.bytes(CERTIFY_INFO),
                        v.bytes(CERTIFY_SIGNATURE), v.bytes(DEVICE_KEY_PUBLIC), v.bytes("csr"), optionalDeviceId(v));
            case CREDENTIAL_BUNDLE:
                return new CredentialBundle(new ClientToken(v.text(CLIENT_TOKEN)), v.bytes("certificate"),
                        v.bytesList("chain"), v.epochSeconds("notAfter"), v.epochSeconds("renewAfter"));
            case RENEW_REQUEST:
                return new RenewRequest(new ClientToken(v.text(CLIENT_TOKEN)), v.bytes("csr"), newKey(v));
            case REVOCATION_NOTICE:
                return new RevocationNotice(new DeviceId(v.text(DEVICE_ID)), v.text("serial"),
                        RevocationReason.fromRfcName(v.text("reason")).orElseThrow(() -> new ContractViolation(
                                "reason", WireProblem.UNKNOWN_VALUE, "not an RFC 5280 reason name")),
                        v.epochSeconds("revokedAt"));
            case REJECTION:
                return new Rejection(new ClientToken(v.text(CLIENT_TOKEN)), errorCode(v.integer("code")),
                        v.text("reason"));
            default:
                throw new IllegalArgumentException("unknown message type " + type);
        }
    }

    /** {@link DeviceId} refuses a bad id as field {@code deviceId} with its own problem (EMPTY, BAD_FORMAT, ...). */
    private static Optional<DeviceId> optionalDeviceId(Values v) {
        return v.optionalText(DEVICE_ID).map(DeviceId::new);
    }

    /** Absent on the wire is the empty chain; a present but empty array is refused (one spelling per message). */
    private static List<byte[]> ekChain(Values v) {
        if (!v.has(EK_CERTIFICATE_CHAIN)) {
            return List.of();
        }
        List<byte[]> chain = v.bytesList(EK_CERTIFICATE_CHAIN);
        if (chain.isEmpty()) {
            throw new ContractViolation(EK_CERTIFICATE_CHAIN, WireProblem.EMPTY, "must hold at least 1 entry; omit it instead");
        }
        return chain;
    }

    private static Optional<NewDeviceKey> newKey(Values v) {
        List<String> names = List.of(DEVICE_KEY_PUBLIC, CERTIFY_INFO, CERTIFY_SIGNATURE);
        Optional<String> present = names.stream().filter(v::has).findFirst();
        if (present.isEmpty()) {
            return Optional.empty();
        }
        for (String name : names) {
            if (!v.has(name)) {
                throw new ContractViolation(name, WireProblem.MISSING,
                        "required because " + present.get() + " is present (all three or none)");
            }
        }
        return Optional.of(new NewDeviceKey(v.bytes(DEVICE_KEY_PUBLIC), v.bytes(CERTIFY_INFO),
                v.bytes(CERTIFY_SIGNATURE)));
    }

    private static WireErrorCode errorCode(long code) {
        if (code < 0 || code > Integer.MAX_VALUE) {
            throw new ContractViolation("code", WireProblem.OUT_OF_RANGE, "must be a non-negative 32-bit number");
        }
        return WireErrorCode.fromCode((int) code).orElseThrow(() -> new ContractViolation(
                "code", WireProblem.UNKNOWN_VALUE, "error code " + code + " is not defined in contract v1"));
    }

    private static FieldSpec text(String name) {
        return new FieldSpec(name, Kind.TEXT, true);
    }

    private static FieldSpec bytes(String name) {
        return new FieldSpec(name, Kind.BYTES, true);
    }

    private static FieldSpec optionalText(String name) {
        return new FieldSpec(name, Kind.TEXT, false);
    }

    private static FieldSpec optionalBytes(String name) {
        return new FieldSpec(name, Kind.BYTES, false);
    }

    private static FieldSpec integer(String name) {
        return new FieldSpec(name, Kind.INT, true);
    }

    /** Decoded, type-checked field values of one message, keyed by field name. */
    record Values(Map<String, Object> byName) {

        Values {
            byName = Map.copyOf(byName);
        }

        boolean has(String name) {
            return byName.containsKey(name);
        }

        String text(String name) {
            return (String) byName.get(name);
        }

        byte[] bytes(String name) {
            return (byte[]) byName.get(name);
        }

        Optional<String> optionalText(String name) {
            return Optional.ofNullable((String) byName.get(name));
        }

        Optional<byte[]> optionalBytes(String name) {
            return Optional.ofNullable((byte[]) byName.get(name));
        }

        long integer(String name) {
            return (Long) byName.get(name);
        }

        @SuppressWarnings("unchecked")
        List<byte[]> bytesList(String name) {
            return (List<byte[]>) byName.get(name);
        }

        Instant epochSeconds(String name) {
            long seconds = integer(name);
            if (seconds < 0 || seconds > WireLimits.MAX_EPOCH_SECOND) {
                throw new ContractViolation(name, WireProblem.OUT_OF_RANGE,
                        "epoch second must be within 0.." + WireLimits.MAX_EPOCH_SECOND);
            }
            return Instant.ofEpochSecond(seconds);
        }
    }
}
