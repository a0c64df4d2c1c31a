package io.edgeprov.gateway.mqtt.external;

/** Makes the external broker enforce a new CRL: in tests the gateway owns Mosquitto, in production someone else does. */
@FunctionalInterface
public interface CrlInstaller {

    /** Installs {@code crlDer} (a DER CRL of the gateway CA) so the broker's next handshakes check it. */
    void install(byte[] crlDer) throws ExternalBrokerException;
}
