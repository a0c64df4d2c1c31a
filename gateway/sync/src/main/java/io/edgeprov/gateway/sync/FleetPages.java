package io.edgeprov.gateway.sync;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.identity.DeviceIds;
import io.edgeprov.gateway.core.registry.RevocationEventId;
import io.edgeprov.gateway.core.registry.RevocationOrigin;
import io.edgeprov.gateway.core.registry.RevocationRecord;
import io.edgeprov.pki.keys.SignatureAlgorithms;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Seals pages for upstream and opens the pages other gateways sent: the page as JSON bytes, signed as
 * bytes (no canonical form to agree on), wrapped in an envelope that carries the signature and the
 * signer's certificate chain. Opening checks, in this order, the envelope's shape, the page's shape,
 * the chain to the fleet root, the signature, that the origin is the gateway the certificate names,
 * and that every event lies within that gateway's authority; the first failure refuses the whole page.
 *
 * <pre>
 * envelope: {"v":1, "page":"&lt;base64 page JSON&gt;", "sig":"&lt;base64&gt;", "chain":["&lt;base64 DER&gt;", ...]}
 * page:     {"v":1, "origin":"gw-a", "events":[{"seq":1, "id":"...", "kind":"revoke", "device":"dev-1",
 *            "reason":"keyCompromise", "revokedAt":"2026-12-05T12:00:00Z", "actor":"...", "note":"...",
 *            "serials":["ab12..."]}]}
 * </pre>
 */
public final class FleetPages {
    /** Largest envelope accepted: a full page of events with long notes, base64-encoded, and a chain. */
    public static final int MAX_ENVELOPE_BYTES = 1024 * 1024;
    private static final int MAX_CHAIN = 4;
    private static final Pattern SERIAL = Pattern.compile("[0-9a-f]{1,40}");
    private static final Set<String> ENVELOPE_FIELDS = Set.of("v", "page", "sig", "chain");
    private static final Set<String> PAGE_FIELDS = Set.of("v", "origin", "events");
    private static final Set<String> EVENT_FIELDS = Set.of("seq", "id", "kind", "device", "reason", "revokedAt", "actor",
            "note", "serials");

    private final ObjectMapper json = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final FleetTrust trust;

    public FleetPages(FleetTrust trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
        json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8)
                .maxStringLength(MAX_ENVELOPE_BYTES).build());
    }

    /** A page checked end to end, with the gateway that sent it. */
    public record OpenedPage(FleetMember origin, FleetEventPage page) {
    }

    /** The envelope bytes of a page, signed with this gateway's identity. */
    public byte[] seal(FleetEventPage page, GatewayIdentity identity) {
        ObjectNode pageNode = json.createObjectNode().put("v", 1).put("origin", page.origin());
        ArrayNode events = pageNode.putArray("events");
        for (FleetEvent event : page.events()) {
            RevocationRecord r = event.revocation();
            ObjectNode node = events.addObject().put("seq", event.sequence()).put("id", r.eventId().value()).put("kind", "revoke")
                    .put("device", r.deviceId()).put("reason", r.reason().rfcName()).put("revokedAt", r.revokedAt().toString())
                    .put("actor", r.actor());
            r.note().ifPresent(note -> node.put("note", note));
            ArrayNode serials = node.putArray("serials");
            event.serials().forEach(serials::add);
        }
        try {
            byte[] pageBytes = json.writeValueAsBytes(pageNode);
            ObjectNode envelope = json.createObjectNode().put("v", 1)
                    .put("page", Base64.getEncoder().encodeToString(pageBytes))
                    .put("sig", Base64.getEncoder().encodeToString(identity.sign(pageBytes)));
            ArrayNode chain = envelope.putArray("chain");
            for (X509Certificate certificate : identity.chain()) {
                chain.add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
            }
            return json.writeValueAsBytes(envelope);
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cannot encode a fleet page: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Opens an envelope from upstream, or says precisely why it is refused. */
    public OpenedPage open(byte[] envelopeBytes) throws FleetEventException {
        if (envelopeBytes.length > MAX_ENVELOPE_BYTES) {
            throw malformed("the message is " + envelopeBytes.length + " bytes, more than " + MAX_ENVELOPE_BYTES);
        }
        JsonNode envelope = parse(envelopeBytes, "envelope");
        fieldsOnly(envelope, ENVELOPE_FIELDS, "envelope");
        version(envelope, "envelope");
        byte[] pageBytes = base64(envelope, "page");
        byte[] signature = base64(envelope, "sig");
        JsonNode chainNode = envelope.get("chain");
        if (chainNode == null || !chainNode.isArray() || chainNode.isEmpty() || chainNode.size() > MAX_CHAIN) {
            throw malformed("envelope.chain must list 1 to " + MAX_CHAIN + " certificates");
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (int i = 0; i < chainNode.size(); i++) {
            JsonNode c = chainNode.get(i);
            if (!c.isTextual()) {
                throw malformed("envelope.chain[" + i + "] must be base64 DER");
            }
            try {
                chain.add((X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(c.textValue()))));
            } catch (CertificateException | IllegalArgumentException e) {
                throw malformed("envelope.chain[" + i + "] is not a DER certificate");
            }
        }
        JsonNode pageNode = parse(pageBytes, "page");
        FleetEventPage page = page(pageNode);
        FleetMember member = trust.member(chain);
        try {
            Signature verifier = Signature.getInstance(SignatureAlgorithms.forKey(chain.get(0).getPublicKey()));
            verifier.initVerify(chain.get(0).getPublicKey());
            verifier.update(pageBytes);
            if (!verifier.verify(signature)) {
                throw new FleetEventException(FleetEventRefusal.BAD_SIGNATURE, "the signature of a page from "
                        + member.gatewayId() + " does not verify");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new FleetEventException(FleetEventRefusal.BAD_SIGNATURE, "the signature of a page from " + member.gatewayId()
                    + " cannot be checked: " + e.getClass().getSimpleName());
        }
        if (!member.gatewayId().equals(page.origin())) {
            throw new FleetEventException(FleetEventRefusal.UNKNOWN_ORIGIN, "a page claims origin " + page.origin()
                    + " but is signed by gateway " + member.gatewayId());
        }
        for (FleetEvent event : page.events()) {
            if (!member.authority().covers(event.revocation().deviceId())) {
                throw new FleetEventException(FleetEventRefusal.OUTSIDE_AUTHORITY, "gateway " + member.gatewayId()
                        + " has no authority over device " + event.revocation().deviceId() + " (event seq " + event.sequence() + ")");
            }
        }
        return new OpenedPage(member, page);
    }

    private FleetEventPage page(JsonNode node) throws FleetEventException {
        fieldsOnly(node, PAGE_FIELDS, "page");
        version(node, "page");
        String origin = text(node, "origin", "page", 64);
        if (!DeviceIds.isValid(origin)) {
            throw malformed("page.origin is not a gateway id");
        }
        JsonNode events = node.get("events");
        if (events == null || !events.isArray() || events.isEmpty() || events.size() > FleetEventPage.MAX_EVENTS) {
            throw malformed("page.events must list 1 to " + FleetEventPage.MAX_EVENTS + " events");
        }
        List<FleetEvent> parsed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            parsed.add(event(events.get(i), "page.events[" + i + "]", origin));
        }
        try {
            return new FleetEventPage(origin, parsed);
        } catch (IllegalArgumentException e) {
            throw malformed("page: " + e.getMessage());
        }
    }

    private FleetEvent event(JsonNode node, String where, String origin) throws FleetEventException {
        if (node == null || !node.isObject()) {
            throw malformed(where + " must be an object");
        }
        fieldsOnly(node, EVENT_FIELDS, where);
        JsonNode seq = node.get("seq");
        if (seq == null || !seq.canConvertToExactIntegral() || !seq.isIntegralNumber() || seq.asLong() < 1) {
            throw malformed(where + ".seq must be a positive integer");
        }
        String kind = text(node, "kind", where, 16);
        if (!kind.equals("revoke")) {
            throw malformed(where + ".kind '" + kind + "' is not known (only revoke)");
        }
        String device = text(node, "device", where, 64);
        if (!DeviceIds.isValid(device)) {
            throw malformed(where + ".device is not a device id");
        }
        String reasonName = text(node, "reason", where, 32);
        RevocationReason reason = RevocationReason.fromRfcName(reasonName)
                .orElseThrow(() -> malformed(where + ".reason '" + reasonName + "' is not an RFC 5280 reason"));
        Instant revokedAt;
        try {
            revokedAt = Instant.parse(text(node, "revokedAt", where, 40));
        } catch (DateTimeParseException e) {
            throw malformed(where + ".revokedAt is not an ISO-8601 instant");
        }
        JsonNode serialsNode = node.get("serials");
        if (serialsNode == null || !serialsNode.isArray() || serialsNode.size() > FleetEvent.MAX_SERIALS) {
            throw malformed(where + ".serials must list at most " + FleetEvent.MAX_SERIALS + " serials");
        }
        List<String> serials = new ArrayList<>();
        for (JsonNode serial : serialsNode) {
            if (!serial.isTextual() || !SERIAL.matcher(serial.textValue()).matches()) {
                throw malformed(where + ".serials holds something that is not a lower-case hex serial");
            }
            serials.add(serial.textValue());
        }
        Optional<String> note = node.has("note") ? Optional.of(text(node, "note", where, RevocationRecord.MAX_NOTE)) : Optional.empty();
        try {
            RevocationRecord record = new RevocationRecord(new RevocationEventId(text(node, "id", where, 64)), device, reason,
                    revokedAt, text(node, "actor", where, 256), new RevocationOrigin.Gateway(origin), note);
            return new FleetEvent(seq.asLong(), record, serials);
        } catch (IllegalArgumentException e) {
            throw malformed(where + ": " + e.getMessage());
        }
    }

    private JsonNode parse(byte[] bytes, String what) throws FleetEventException {
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw malformed(what + " must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            String first = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("unreadable");
            throw malformed(what + " is not JSON: " + first);
        }
    }

    private static void fieldsOnly(JsonNode node, Set<String> allowed, String where) throws FleetEventException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw malformed(where + " has an unknown field '" + (name.length() > 32 ? name.substring(0, 32) + "..." : name) + "'");
            }
        }
    }

    private static void version(JsonNode node, String where) throws FleetEventException {
        JsonNode v = node.get("v");
        if (v == null || !v.isInt() || v.intValue() != 1) {
            throw malformed(where + ".v must be 1");
        }
    }

    private static String text(JsonNode node, String field, String where, int max) throws FleetEventException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isEmpty() || value.textValue().length() > max) {
            throw malformed(where + "." + field + " must be text of 1 to " + max + " characters");
        }
        return value.textValue();
    }

    private static byte[] base64(JsonNode node, String field) throws FleetEventException {
        String text = text(node, field, "envelope", MAX_ENVELOPE_BYTES);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw malformed("envelope." + field + " is not base64");
        }
    }

    private static FleetEventException malformed(String message) {
        return new FleetEventException(FleetEventRefusal.MALFORMED, message);
    }
}
