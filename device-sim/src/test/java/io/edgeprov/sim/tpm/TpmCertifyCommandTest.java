package io.edgeprov.sim.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TpmCertifyCommandTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void command_carries_both_handles_password_sessions_and_the_qualifying_data() {
        byte[] command = TpmCertifyCommand.command(0x80000000, 0x80000001, new byte[] {0x0a, 0x0b});

        assertThat(HEX.formatHex(command)).isEqualTo(
                "8002" + "0000002e" + "00000148"
                + "80000000" + "80000001"
                + "00000012"
                + "40000009" + "0000" + "01" + "0000"
                + "40000009" + "0000" + "01" + "0000"
                + "0002" + "0a0b"
                + "0010");
    }

    @Test
    void command_refuses_qualifying_data_longer_than_a_tpm2b_data() {
        assertThatThrownBy(() -> TpmCertifyCommand.command(1, 2, new byte[65]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("qualifyingData:");
    }

    @Test
    void response_yields_the_attestation_and_the_signature() throws TpmOperationException {
        byte[] attest = {1, 2, 3};
        byte[] signature = {0x00, 0x18, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x00};

        CertifyResult evidence = TpmCertifyCommand.parseResponse(given_a_response(0, attest, signature));

        assertThat(evidence.attestation()).containsExactly(attest);
        assertThat(evidence.signature()).containsExactly(signature);
    }

    @Test
    void response_with_an_error_code_names_it() {
        assertThatThrownBy(() -> TpmCertifyCommand.parseResponse(given_a_response(0x0000098e, new byte[0], new byte[0])))
                .isInstanceOf(TpmOperationException.class)
                .hasMessageContaining("0x0000098e");
    }

    @Test
    void retry_response_asks_to_be_sent_again() {
        assertThat(TpmCertifyCommand.asksToRetry(given_a_response(0x00000922, new byte[0], new byte[0]))).isTrue();
    }

    @Test
    void failure_response_does_not_ask_to_be_sent_again() {
        assertThat(TpmCertifyCommand.asksToRetry(given_a_response(0x0000098e, new byte[0], new byte[0]))).isFalse();
    }

    @Test
    void truncated_response_is_refused() {
        byte[] response = given_a_response(0, new byte[] {1, 2, 3}, new byte[] {4, 5});

        assertThatThrownBy(() -> TpmCertifyCommand.parseResponse(java.util.Arrays.copyOf(response, 15)))
                .isInstanceOf(TpmOperationException.class);
    }

    private static byte[] given_a_response(int rc, byte[] attest, byte[] signature) {
        if (rc != 0) {
            return ByteBuffer.allocate(10).putShort((short) 0x8001).putInt(10).putInt(rc).array();
        }
        int parameters = 2 + attest.length + signature.length;
        int size = 10 + 4 + parameters + 5 + 5;
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putShort((short) 0x8002).putInt(size).putInt(0).putInt(parameters);
        b.putShort((short) attest.length).put(attest).put(signature);
        for (int i = 0; i < 2; i++) {
            b.putShort((short) 0).put((byte) 1).putShort((short) 0);
        }
        return b.array();
    }
}
