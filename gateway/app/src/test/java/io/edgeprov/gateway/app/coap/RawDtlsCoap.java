package io.edgeprov.gateway.app.coap;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

/**
 * One CoAP message at a time over DTLS, below Californium's CoAP stack: for what a well-behaved stack
 * will not send, such as the first block of a block-wise body and then nothing.
 */
public final class RawDtlsCoap implements AutoCloseable {
    private final DTLSConnector connector;
    private final InetSocketAddress gateway;
    private final BlockingQueue<RawData> received = new LinkedBlockingQueue<>();
    private int mid = 1;

    public RawDtlsCoap(InetSocketAddress gateway, X509Certificate gatewayCa) throws Exception {
        this.gateway = gateway;
        Configuration configuration = new Configuration(DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        configuration.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        configuration.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
        configuration.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        configuration.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        connector = new DTLSConnector(DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress(gateway.getAddress(), 0))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder().setTrustedCertificates(gatewayCa).build())
                .build());
        connector.setRawDataReceiver(received::add);
        connector.start();
    }

    /** Sends {@code request} as a CON message and returns the first message that comes back, or null after 10 s. */
    public Message exchange(Request request) throws InterruptedException {
        request.setType(Type.CON);
        request.setMID(mid++);
        request.setToken(Token.fromProvider(new byte[] {7, (byte) mid}));
        request.setDestinationContext(new AddressEndpointContext(gateway));
        connector.send(new UdpDataSerializer().serializeRequest(request));
        RawData answer = received.poll(10, TimeUnit.SECONDS);
        return answer == null ? null : new UdpDataParser().parseMessage(answer);
    }

    @Override
    public void close() {
        connector.destroy();
    }
}
