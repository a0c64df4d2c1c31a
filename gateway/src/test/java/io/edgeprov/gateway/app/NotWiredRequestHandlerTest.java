package io.edgeprov.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.identity.ClientIdentity;
import io.edgeprov.gateway.identity.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotWiredRequestHandlerTest {
    private final JsonDeviceCodec codec = new JsonDeviceCodec();
    private final NotWiredRequestHandler handler = new NotWiredRequestHandler();

    @Test
    void an_attestation_begin_is_rejected_on_its_rejected_topic_saying_enrollment_is_not_wired() {
        byte[] begin = codec.encode(new AttestationBegin(new ClientToken("tok-1"), new byte[] {1, 2}, Optional.empty(), new byte[] {3}));

        Optional<Reply> reply = handler.handle(new ClientIdentity.Unenrolled("dev-1"), "prov/v1/dev-1/attest/begin", begin).join();

        assertThat(reply).isPresent();
        assertThat(reply.get().topic()).isEqualTo("prov/v1/dev-1/attest/begin/rejected");
        Rejection rejection = codec.decodeRejection(reply.get().payload()).decoded().orElseThrow();
        assertThat(rejection.clientToken()).isEqualTo(new ClientToken("tok-1"));
        assertThat(rejection.code()).isEqualTo(WireErrorCode.INTERNAL_ERROR);
        assertThat(rejection.reason()).isEqualTo(NotWiredRequestHandler.REASON);
    }

    @Test
    void a_payload_without_a_readable_client_token_gets_no_reply() {
        byte[] garbage = "not json".getBytes(StandardCharsets.UTF_8);

        Optional<Reply> reply = handler.handle(new ClientIdentity.Unenrolled("dev-1"), "prov/v1/dev-1/attest/begin", garbage).join();

        assertThat(reply).isEmpty();
    }
}
