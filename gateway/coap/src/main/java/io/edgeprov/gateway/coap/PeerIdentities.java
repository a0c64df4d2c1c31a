package io.edgeprov.gateway.coap;

import io.edgeprov.gateway.core.identity.ClientIdentity;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.auth.AdditionalInfo;
import org.eclipse.californium.elements.auth.ExtensiblePrincipal;
import org.eclipse.californium.scandium.auth.ApplicationLevelInfoSupplier;

/**
 * Keeps the identity the handshake proved with the DTLS connection: the certificate verifier hands the
 * core's decision to Scandium, which attaches it to the connection's principal through this supplier,
 * so a request reads it back without checking the chain again (decision 0016: once per connection).
 */
final class PeerIdentities implements ApplicationLevelInfoSupplier {
    private static final String KEY = "edgeprov.identity";

    @Override
    public AdditionalInfo getInfo(Principal clientIdentity, Object customArgument) {
        if (customArgument instanceof ClientIdentity.Device device) {
            return AdditionalInfo.from(Map.of(KEY, device));
        }
        return AdditionalInfo.empty();
    }

    /** The device the connection's certificate proved; empty for a connection without a certificate. */
    static Optional<ClientIdentity.Device> of(EndpointContext context) {
        return context == null ? Optional.empty() : of(context.getPeerIdentity());
    }

    static Optional<ClientIdentity.Device> of(Principal principal) {
        if (principal instanceof ExtensiblePrincipal<?> extensible) {
            return Optional.ofNullable(extensible.getExtendedInfo().get(KEY, ClientIdentity.Device.class));
        }
        return Optional.empty();
    }
}
