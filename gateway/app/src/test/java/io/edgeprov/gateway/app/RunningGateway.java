package io.edgeprov.gateway.app;

import io.edgeprov.gateway.app.cli.GivenGateway;
import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.app.config.GatewayConfigLoader;
import io.edgeprov.pki.keys.Pkcs12CaKeyStore;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.function.UnaryOperator;

/**
 * A gateway made by {@code init} in a folder and started on free ports, for ITs that probe it over
 * real sockets; {@link #close()} stops it and closes the CA key store the test signs devices with.
 */
public record RunningGateway(Path folder, GatewayApplication application, Pkcs12CaKeyStore caStore) implements AutoCloseable {

    public static RunningGateway startIn(Path folder) throws Exception {
        return startIn(folder, UnaryOperator.identity());
    }

    /** The same, with the configuration {@code init} wrote changed first (limits lifted, say). */
    public static RunningGateway startIn(Path folder, UnaryOperator<GatewayConfig> change) throws Exception {
        Path config = GivenGateway.initialized(folder);
        Pkcs12CaKeyStore caStore = GivenGateway.gatewayCa(folder);
        GatewayApplication application = GatewayApplication.builder()
                .config(change.apply(new GatewayConfigLoader().load(config))).build();
        try {
            application.start();
        } catch (Exception e) {
            caStore.close();
            throw e;
        }
        return new RunningGateway(folder, application, caStore);
    }

    public X509Certificate gatewayCa() {
        return caStore.certificate();
    }

    @Override
    public void close() {
        try {
            application.stop();
        } finally {
            caStore.close();
        }
    }
}
