package io.edgeprov.gateway.coap;

import io.edgeprov.contracts.device.WireLimits;
import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.ConnectionListener;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography.SupportedGroup;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;

/**
 * The DTLS endpoint's configuration in one place (decision 0026), from code, never from a
 * Californium.properties file: DTLS 1.2 server only; TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 (RFC 7925's
 * mandatory suite) and the AES-128-GCM one for stacks without CCM_8, on P-256; a client certificate
 * wanted but not required; Connection ID; no session resumption (a revoked certificate must never come
 * back on a resumed session, and a full ECDHE handshake is a few milliseconds); HelloVerifyRequest
 * cookies so a spoofed ClientHello costs the gateway no state; a bounded connection store.
 */
final class DtlsEndpoints {
    /** Bytes of one block (RFC 7959): 1024 keeps a block and its DTLS record within a 1280-byte IPv6 MTU. */
    static final int BLOCK_SIZE = 1024;
    /** How long a half-finished block-wise transfer is kept before it is dropped. */
    static final int BLOCKWISE_LIFETIME_SECONDS = 30;

    record Built(Configuration configuration, DTLSConnector connector, CoapEndpoint endpoint) {
    }

    private DtlsEndpoints() {
    }

    static Built build(CoapSettings settings, PrivateKey serverKey, List<X509Certificate> serverChain,
            NewAdvancedCertificateVerifier verifier, ConnectionListener connections) {
        Configuration configuration = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                SystemConfig.DEFINITIONS);
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, WireLimits.MESSAGE_MAX);
        configuration.set(CoapConfig.MAX_MESSAGE_SIZE, BLOCK_SIZE);
        configuration.set(CoapConfig.PREFERRED_BLOCK_SIZE, BLOCK_SIZE);
        configuration.set(CoapConfig.BLOCKWISE_STATUS_LIFETIME, BLOCKWISE_LIFETIME_SECONDS, TimeUnit.SECONDS);
        configuration.set(CoapConfig.BLOCKWISE_STRICT_BLOCK2_OPTION, true);
        configuration.set(CoapConfig.MAX_ACTIVE_PEERS, settings.maxConnections());
        configuration.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 2);
        configuration.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        configuration.set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.WANTED);
        configuration.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
        configuration.setAsList(DtlsConfig.DTLS_CURVES, SupportedGroup.secp256r1);
        configuration.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, settings.connectionIdLength());
        configuration.set(DtlsConfig.DTLS_MAX_CONNECTIONS, settings.maxConnections());
        configuration.set(DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD, settings.staleConnection().toSeconds(), TimeUnit.SECONDS);
        configuration.set(DtlsConfig.DTLS_USE_HELLO_VERIFY_REQUEST, true);
        configuration.set(DtlsConfig.DTLS_SERVER_USE_SESSION_ID, false);
        configuration.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        configuration.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 2);
        configuration.set(DtlsConfig.DTLS_REMOVE_STALE_DOUBLE_PRINCIPALS, false);

        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress(settings.bind(), settings.port()))
                .setCertificateIdentityProvider(new SingleCertificateProvider(serverKey,
                        serverChain.toArray(new X509Certificate[0]), CertificateType.X_509))
                .setAdvancedCertificateVerifier(verifier)
                .setApplicationLevelInfoSupplier(new PeerIdentities())
                .setConnectionListener(connections)
                .setLoggingTag("coap")
                .build();
        DTLSConnector connector = new DTLSConnector(dtls);
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(configuration).setConnector(connector).build();
        return new Built(configuration, connector, endpoint);
    }
}
