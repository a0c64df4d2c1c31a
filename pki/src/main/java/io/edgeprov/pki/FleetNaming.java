package io.edgeprov.pki;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * How a fleet names its CAs and devices.
 *
 * <p>Devices are named by a SPIFFE-style URI {@code spiffe://<trustDomain>/device/<deviceId>} in
 * the SAN: a URI with a host is what X.509 URI name constraints can restrict, so a gateway CA can
 * be limited to its fleet's trust domain. Subjects all sit under {@code O=<organization>}, which
 * the gateway CA's directoryName constraint permits and nothing else.
 *
 * @param organization the fleet's organization name, the root of every subject
 * @param trustDomain  a DNS-like name for the fleet, the host part of every device URI
 */
public record FleetNaming(String organization, String trustDomain) {
    private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public FleetNaming {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(trustDomain, "trustDomain");
        if (organization.isBlank() || organization.length() > 64) {
            throw new IllegalArgumentException("organization must be 1 to 64 characters");
        }
        if (trustDomain.length() > 253 || !TRUST_DOMAIN.matcher(trustDomain).matches()) {
            throw new IllegalArgumentException("trust domain must be a lower-case DNS name such as fleet.example.com");
        }
    }

    /** Subject of the offline fleet root. */
    public X500Name rootSubject() {
        return base().addRDN(BCStyle.CN, organization + " Root CA").build();
    }

    /** Subject of one gateway's intermediate CA. */
    public X500Name gatewaySubject(String gatewayId) {
        requireId(gatewayId, "gateway id");
        return base().addRDN(BCStyle.OU, "Gateways").addRDN(BCStyle.CN, gatewayId + " Gateway CA").build();
    }

    /** Subject of a device certificate: the profile decides it, never the CSR. */
    public X500Name deviceSubject(String deviceId) {
        requireId(deviceId, "device id");
        return base().addRDN(BCStyle.OU, "Devices").addRDN(BCStyle.CN, deviceId).build();
    }

    /**
     * Subject of a person's client certificate for the admin plane: {@code CN=<operator name>, OU=Operators}. It
     * carries no device URI, so the device connect policy never accepts it as a device.
     */
    public X500Name operatorSubject(String operatorName) {
        if (operatorName == null || !operatorName.matches("[a-z0-9][a-z0-9._@-]{0,63}")) {
            throw new IllegalArgumentException("an operator name is 1 to 64 characters of [a-z0-9._@-]");
        }
        return base().addRDN(BCStyle.OU, "Operators").addRDN(BCStyle.CN, operatorName).build();
    }

    /** Subject of a gateway's own TLS server certificate (broker, DTLS endpoint). */
    public X500Name serverSubject(String serverId) {
        requireId(serverId, "server id");
        return base().addRDN(BCStyle.OU, "Gateways").addRDN(BCStyle.CN, serverId).build();
    }

    /** The SAN URI that names a device. */
    public URI deviceUri(String deviceId) {
        requireId(deviceId, "device id");
        return URI.create("spiffe://" + trustDomain + "/device/" + deviceId);
    }

    /** Subject of a gateway's long-lived fleet identity (what it signs sync events and meets upstream with). */
    public X500Name gatewayIdentitySubject(String gatewayId) {
        requireId(gatewayId, "gateway id");
        return base().addRDN(BCStyle.OU, "Gateways").addRDN(BCStyle.CN, gatewayId + " Gateway Identity").build();
    }

    /** The SAN URI that names a gateway in its fleet identity. */
    public URI gatewayUri(String gatewayId) {
        requireId(gatewayId, "gateway id");
        return URI.create("spiffe://" + trustDomain + "/gateway/" + gatewayId);
    }

    /**
     * Prefix of the SAN URIs of a gateway identity that say which devices the gateway may decide about
     * for the whole fleet: {@code urn:edgeprov:device-authority:*} (every device), {@code ...:site-a-*}
     * (ids starting with site-a-) or an exact id.
     */
    public static final String AUTHORITY_URN_PREFIX = "urn:edgeprov:device-authority:";

    /** The name-constraint base every subject in this fleet sits under. */
    public X500Name subjectBase() {
        return base().build();
    }

    private X500NameBuilder base() {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, organization);
    }

    private static void requireId(String id, String what) {
        if (id == null || !DEVICE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 64 characters of [A-Za-z0-9._-], starting with a letter or digit");
        }
    }
}
