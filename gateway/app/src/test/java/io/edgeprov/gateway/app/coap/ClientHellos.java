package io.edgeprov.gateway.app.coap;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;

/**
 * A minimal DTLS 1.2 ClientHello without a cookie (TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 on P-256), built
 * by hand so a test can send thousands of them from one socket the way a flood would.
 */
public final class ClientHellos {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientHellos() {
    }

    public static byte[] withoutCookie(long recordSequence) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0xfe);
        body.write(0xfd);
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        body.writeBytes(random);
        body.write(0); // session id
        body.write(0); // cookie
        body.writeBytes(new byte[] {0, 2, (byte) 0xc0, (byte) 0xae});
        body.writeBytes(new byte[] {1, 0}); // compression: null
        byte[] extensions = {
            0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
            0x00, 0x0b, 0x00, 0x02, 0x01, 0x00, // ec_point_formats: uncompressed
            0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x04, 0x03 // signature_algorithms: ecdsa_secp256r1_sha256
        };
        body.write(extensions.length >> 8);
        body.write(extensions.length);
        body.writeBytes(extensions);
        byte[] hello = body.toByteArray();

        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        handshake.write(1);
        uint24(handshake, hello.length);
        handshake.writeBytes(new byte[] {0, 0});
        uint24(handshake, 0);
        uint24(handshake, hello.length);
        handshake.writeBytes(hello);
        byte[] fragment = handshake.toByteArray();

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {22, (byte) 0xfe, (byte) 0xfd, 0, 0});
        for (int shift = 40; shift >= 0; shift -= 8) {
            record.write((int) (recordSequence >> shift));
        }
        record.write(fragment.length >> 8);
        record.write(fragment.length);
        record.writeBytes(fragment);
        return record.toByteArray();
    }

    /** Whether a datagram is a HelloVerifyRequest (handshake type 3): the stateless answer to a ClientHello. */
    public static boolean isHelloVerifyRequest(byte[] datagram, int length) {
        return length > 13 && datagram[0] == 22 && datagram[13] == 3;
    }

    private static void uint24(ByteArrayOutputStream out, int value) {
        out.write(value >> 16);
        out.write(value >> 8);
        out.write(value);
    }
}
