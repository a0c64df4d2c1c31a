package io.edgeprov.sim.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.sim.device.tls.DeviceTls;
import io.edgeprov.sim.device.tls.TpmKeyManager;
import io.edgeprov.sim.device.tls.TpmKeyProvider;
import io.edgeprov.sim.tpm.SoftwareTpm;
import io.edgeprov.sim.tpm.TpmKeyHandle;
import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A plain JSSE server that requires client auth accepts a device whose key never leaves its TPM. */
class DeviceTlsTest {
    private static final char[] STORE_PASSWORD = "test-only".toCharArray();

    private GatewayPki pki;
    private CountingTpm tpm;
    private SSLServerSocket server;
    private final ExecutorService acceptor = Executors.newSingleThreadExecutor();

    @BeforeEach
    void given_a_gateway_ca_and_a_device_tpm() throws Exception {
        pki = new GatewayPki(Clock.systemUTC(), Duration.ofHours(1));
        tpm = new CountingTpm(SoftwareTpm.builder().build());
    }

    @AfterEach
    void stop_server() throws Exception {
        if (server != null) {
            server.close();
        }
        acceptor.shutdownNow();
        assertThat(acceptor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        tpm.close();
    }

    @Test
    void tls13_server_requiring_client_auth_reads_the_tpm_backed_device_certificate() throws Exception {
        List<X509Certificate> chain = givenEnrolledDeviceChain();
        CompletableFuture<Certificate[]> seen = givenServerRequiringClientAuth("TLSv1.3");

        connectAndSendOneByte(clientContext(chain), "TLSv1.3");

        assertThat(seen.get(10, TimeUnit.SECONDS)[0]).isEqualTo(chain.get(0));
    }

    @Test
    void tls12_server_requiring_client_auth_reads_the_tpm_backed_device_certificate() throws Exception {
        List<X509Certificate> chain = givenEnrolledDeviceChain();
        CompletableFuture<Certificate[]> seen = givenServerRequiringClientAuth("TLSv1.2");

        connectAndSendOneByte(clientContext(chain), "TLSv1.2");

        assertThat(seen.get(10, TimeUnit.SECONDS)[0]).isEqualTo(chain.get(0));
    }

    @Test
    void the_client_signature_is_made_by_the_tpm() throws Exception {
        List<X509Certificate> chain = givenEnrolledDeviceChain();
        CompletableFuture<Certificate[]> seen = givenServerRequiringClientAuth("TLSv1.3");
        int before = tpm.signatures.get();

        connectAndSendOneByte(clientContext(chain), "TLSv1.3");
        seen.get(10, TimeUnit.SECONDS);

        assertThat(tpm.signatures.get()).isEqualTo(before + 1);
    }

    @Test
    void a_device_without_certificate_is_refused_by_a_server_requiring_client_auth() throws Exception {
        CompletableFuture<Certificate[]> seen = givenServerRequiringClientAuth("TLSv1.2");
        SSLContext certificateLess = DeviceTls.clientContext(List.of(pki.root), Optional.empty());

        assertThatThrownBy(() -> connectAndSendOneByte(certificateLess, "TLSv1.2")).isInstanceOf(IOException.class);
        assertThat(seen).failsWithin(Duration.ofSeconds(10));
    }

    @Test
    void a_server_outside_the_gateway_ca_is_not_trusted() throws Exception {
        List<X509Certificate> chain = givenEnrolledDeviceChain();
        givenServerRequiringClientAuth("TLSv1.3");
        GatewayPki otherFleet = new GatewayPki(Clock.systemUTC(), Duration.ofHours(1));
        SSLContext trustsOtherFleet = DeviceTls.clientContext(List.of(otherFleet.root),
                Optional.of(new TpmKeyManager(tpm, chainKey, chain)));

        assertThatThrownBy(() -> connectAndSendOneByte(trustsOtherFleet, "TLSv1.3")).isInstanceOf(IOException.class);
    }

    @Test
    void installing_the_provider_twice_registers_it_once() {
        TpmKeyProvider.install();
        TpmKeyProvider.install();

        assertThat(Security.getProviders()).filteredOn(p -> p.getName().equals(TpmKeyProvider.NAME)).hasSize(1);
    }

    @Test
    void the_tpm_key_has_no_encoding() throws Exception {
        List<X509Certificate> chain = givenEnrolledDeviceChain();

        TpmKeyManager keys = new TpmKeyManager(tpm, chainKey, chain);

        assertThat(keys.getPrivateKey(TpmKeyManager.ALIAS).getEncoded()).isNull();
    }

    private TpmKeyHandle chainKey;

    private List<X509Certificate> givenEnrolledDeviceChain() throws Exception {
        chainKey = tpm.createDeviceKey();
        return pki.deviceChain("tls-device-1", DeviceCsr.publicKey(tpm, chainKey));
    }

    private SSLContext clientContext(List<X509Certificate> chain) throws Exception {
        return DeviceTls.clientContext(List.of(pki.root), Optional.of(new TpmKeyManager(tpm, chainKey, chain)));
    }

    private CompletableFuture<Certificate[]> givenServerRequiringClientAuth(String protocol) throws Exception {
        GatewayPki.ServerIdentity identity = pki.serverIdentity();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("broker", identity.keys().getPrivate(), STORE_PASSWORD,
                identity.chain().toArray(Certificate[]::new));
        KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
        keys.init(keyStore, STORE_PASSWORD);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", pki.root);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trustManagers.getTrustManagers(), null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        server.setEnabledProtocols(new String[] {protocol});
        CompletableFuture<Certificate[]> seen = new CompletableFuture<>();
        acceptor.execute(() -> {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                Certificate[] peer = socket.getSession().getPeerCertificates();
                if (socket.getInputStream().read() == 42) {
                    seen.complete(peer);
                } else {
                    seen.completeExceptionally(new IOException("unexpected byte from the client"));
                }
            } catch (IOException e) {
                seen.completeExceptionally(e);
            }
        });
        return seen;
    }

    private void connectAndSendOneByte(SSLContext context, String protocol) throws IOException {
        try (SSLSocket socket = (SSLSocket) DeviceTls.noDelay(context.getSocketFactory())
                .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            socket.getOutputStream().write(42);
            socket.getOutputStream().flush();
            // TLS 1.3 reports a refused client certificate only on the first read after the handshake.
            socket.getInputStream().read();
        }
    }
}
