package io.edgeprov.ui.client;

import java.nio.file.Path;

/** Opens an admin session: blocking (TLS handshake, first request), so never called on the FX thread. */
@FunctionalInterface
public interface AdminConnector {
    /**
     * @param password read while the certificate file is opened; the caller wipes it when this returns
     * @throws ConnectFailure with the cause the person can act on
     */
    AdminClient connect(GatewayAddress address, Path certificateFile, char[] password) throws ConnectFailure;
}
