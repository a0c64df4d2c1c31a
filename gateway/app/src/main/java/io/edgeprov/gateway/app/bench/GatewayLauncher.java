package io.edgeprov.gateway.app.bench;

import io.edgeprov.gateway.app.GatewayApplication;
import io.edgeprov.sim.fleet.OnboardingEntry;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/** Makes and starts a gateway the way an operator does ({@code init}, then {@code allow}), for the benchmark to drive. */
public interface GatewayLauncher {
    /** Runs {@code init} in {@code folder} and starts the application on free loopback ports. */
    GatewayApplication start(Path folder) throws Exception;

    /**
     * Starts the gateway of the last {@link #start} again from its configuration and data, the way an operator
     * restarts it; the caller stopped the old one first.
     */
    GatewayApplication restart() throws Exception;

    /** The chain devices trust: the gateway CA and the fleet root; only after {@link #start}. */
    List<X509Certificate> trustChain() throws Exception;

    /** The limits the started gateway runs with where they differ from a production config, for the report. */
    String loadProfile();

    /** Allows the devices through {@code allow --csv}; only after {@link #start}. */
    void allow(List<OnboardingEntry> devices) throws Exception;

    /**
     * Makes two gateways of a new fleet attached to the upstream broker the way a fleet administrator does
     * ({@code init --upstream} with the fleet root for the first; {@code fleet-gateway}, then
     * {@code init --import-ca --import-identity --upstream} for the second), gives both the broker login, and
     * starts them on free loopback ports; the caller stops them. Independent of {@link #start}.
     */
    List<GatewayApplication> startFleetPair(Path folder, URI upstream, String username, Path passwordFile) throws Exception;
}
