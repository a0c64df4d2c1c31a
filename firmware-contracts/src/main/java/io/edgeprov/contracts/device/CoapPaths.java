package io.edgeprov.contracts.device;

import java.util.List;
import java.util.Optional;

/**
 * CoAP resources of contract v1, EST-coaps style (RFC 9148), with their content formats.
 * {@code /att} is deliberately not used for attestation: RFC 9148 already gives it to
 * csrattrs, so our attestation-begin step lives at {@code /attb}. Unlike an MQTT topic, a CoAP
 * path names no device, so the attestation bodies carry the device id themselves
 * ({@link #requiresDeviceId}).
 */
public final class CoapPaths {

    /** The EST-coaps root. */
    public static final String EST_ROOT = "/.well-known/est";
    /** GET: CA certificates, {@link #CF_PKCS7_CERTS_ONLY}. */
    public static final String CA_CERTS = EST_ROOT + "/crts";
    /** POST {@link AttestationBegin} (CBOR): {@link Challenge} or {@link Rejection}. */
    public static final String ATTEST_BEGIN = EST_ROOT + "/attb";
    /** POST {@link AttestationFinish} (CBOR): {@link CredentialBundle} or {@link Rejection}. */
    public static final String SIMPLE_ENROLL = EST_ROOT + "/sen";
    /** POST {@link RenewRequest} (CBOR) over DTLS with the current certificate: {@link CredentialBundle} or {@link Rejection}. */
    public static final String SIMPLE_REENROLL = EST_ROOT + "/sren";
    /** GET: the current CRL, DER, {@link #CF_OCTET_STREAM}. */
    public static final String CRL = EST_ROOT + "/crl";

    /** CoAP Content-Format of application/octet-stream. */
    public static final int CF_OCTET_STREAM = 42;
    /** CoAP Content-Format of application/cbor, used by every message of the contract. */
    public static final int CF_CBOR = 60;
    /** CoAP Content-Format of application/pkcs7-mime; smime-type=certs-only (RFC 9148). */
    public static final int CF_PKCS7_CERTS_ONLY = 281;
    /** CoAP Content-Format of application/pkcs10 (RFC 9148): a bare CSR, which {@link #SIMPLE_REENROLL} also takes. */
    public static final int CF_PKCS10 = 286;
    /** CoAP Content-Format of application/pkix-cert (RFC 9148): one DER certificate. */
    public static final int CF_PKIX_CERT = 287;

    /** Every resource the gateway serves, in the order {@code /.well-known/core} lists them. */
    public static final List<String> ALL = List.of(CA_CERTS, ATTEST_BEGIN, SIMPLE_ENROLL, SIMPLE_REENROLL, CRL);

    private CoapPaths() {
    }

    /**
     * The {@code rt} (resource type) each resource has in {@code /.well-known/core}: RFC 9148's
     * {@code ace.est.*} names where EST defines the function, our own {@code edgeprov.*} where it does not.
     */
    public static Optional<String> resourceType(String path) {
        switch (path == null ? "" : path) {
            case CA_CERTS:
                return Optional.of("ace.est.crts");
            case ATTEST_BEGIN:
                return Optional.of("edgeprov.est.attb");
            case SIMPLE_ENROLL:
                return Optional.of("ace.est.sen");
            case SIMPLE_REENROLL:
                return Optional.of("ace.est.sren");
            case CRL:
                return Optional.of("edgeprov.est.crl");
            default:
                return Optional.empty();
        }
    }

    /** The path split into Uri-Path options, e.g. {@code [".well-known", "est", "crts"]}. */
    public static List<String> segments(String path) {
        if (path == null || !path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            throw new IllegalArgumentException("not an absolute CoAP path without empty segments");
        }
        return List.of(path.substring(1).split("/"));
    }

    /** The message a resource expects as its CBOR request body; empty for the GET resources. */
    public static Optional<MessageType> requestBody(String path) {
        switch (path) {
            case ATTEST_BEGIN:
                return Optional.of(MessageType.ATTESTATION_BEGIN);
            case SIMPLE_ENROLL:
                return Optional.of(MessageType.ATTESTATION_FINISH);
            case SIMPLE_REENROLL:
                return Optional.of(MessageType.RENEW_REQUEST);
            default:
                return Optional.empty();
        }
    }

    /**
     * Whether a resource's request body must carry {@code deviceId}: true for {@link #ATTEST_BEGIN}
     * and {@link #SIMPLE_ENROLL}, whose devices have no certificate yet and whose path names no
     * device. A CoAP adapter answers 4.00 with {@link WireErrorCode#MALFORMED_MESSAGE} when such a
     * body omits it. False for {@link #SIMPLE_REENROLL} (the DTLS client certificate names the
     * device), for the GET resources and for any other path.
     */
    public static boolean requiresDeviceId(String path) {
        return ATTEST_BEGIN.equals(path) || SIMPLE_ENROLL.equals(path);
    }
}
