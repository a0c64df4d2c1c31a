package io.edgeprov.gateway.coap;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.CoapPaths;
import java.util.Optional;
import org.eclipse.californium.core.coap.OptionSet;
import org.junit.jupiter.api.Test;

class AnswerFormatTest {

    @Test
    void a_cbor_request_is_answered_in_cbor_and_accepts_nothing_else() {
        assertThat(DeviceRequestResource.answerFormat(new OptionSet(), false)).contains(CoapPaths.CF_CBOR);
        assertThat(DeviceRequestResource.answerFormat(new OptionSet().setAccept(CoapPaths.CF_CBOR), false))
                .contains(CoapPaths.CF_CBOR);
        assertThat(DeviceRequestResource.answerFormat(new OptionSet().setAccept(CoapPaths.CF_PKIX_CERT), false)).isEmpty();
    }

    @Test
    void a_bare_csr_is_answered_as_287_by_default_or_281_on_request() {
        assertThat(DeviceRequestResource.answerFormat(new OptionSet(), true)).contains(CoapPaths.CF_PKIX_CERT);
        assertThat(DeviceRequestResource.answerFormat(new OptionSet().setAccept(CoapPaths.CF_PKCS7_CERTS_ONLY), true))
                .contains(CoapPaths.CF_PKCS7_CERTS_ONLY);
        assertThat(DeviceRequestResource.answerFormat(new OptionSet().setAccept(CoapPaths.CF_CBOR), true)).isEqualTo(Optional.empty());
    }
}
