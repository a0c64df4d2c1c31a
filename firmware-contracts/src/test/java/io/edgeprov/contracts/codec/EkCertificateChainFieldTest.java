package io.edgeprov.contracts.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.ContractViolation;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.WireLimits;
import io.edgeprov.contracts.device.WireProblem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The optional {@code ekCertificateChain} of attestation begin: the EK certificate's intermediates, bounded. */
class EkCertificateChainFieldTest {

    private static final String FIELD = "ekCertificateChain";

    static Stream<DeviceCodec> codecs() {
        return Stream.of(new JsonDeviceCodec(), new CborDeviceCodec());
    }

    private static AttestationBegin givenBeginWithChain(List<byte[]> chain) {
        return new AttestationBegin(ExampleMessages.TOKEN, ExampleMessages.dummy(0x10, 24),
                Optional.of(ExampleMessages.dummy(0x30, 20)), ExampleMessages.dummy(0x50, 24), Optional.empty(), chain);
    }

    private static void thenViolates(WireProblem problem, Runnable construction) {
        assertThatThrownBy(construction::run).isInstanceOfSatisfying(ContractViolation.class, v -> {
            assertThat(v.field()).isEqualTo(FIELD);
            assertThat(v.problem()).isEqualTo(problem);
        });
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void begin_with_a_chain_round_trips(DeviceCodec codec) {
        AttestationBegin begin = givenBeginWithChain(List.of(ExampleMessages.dummy(0x40, 12), ExampleMessages.dummy(0x60, 12)));

        AttestationBegin decoded = codec.decodeAttestationBegin(codec.encode(begin)).decoded().orElseThrow();

        assertThat(decoded).isEqualTo(begin);
        assertThat(decoded.ekCertificateChain()).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void begin_without_a_chain_decodes_to_the_empty_chain(DeviceCodec codec) {
        AttestationBegin begin = (AttestationBegin) ExampleMessages.all().get("attestation-begin");

        assertThat(codec.decodeAttestationBegin(codec.encode(begin)).decoded().orElseThrow().ekCertificateChain()).isEmpty();
    }

    @Test
    void begin_without_a_chain_encodes_without_the_field() {
        AttestationBegin begin = (AttestationBegin) ExampleMessages.all().get("attestation-begin");

        assertThat(new String(new JsonDeviceCodec().encode(begin), StandardCharsets.UTF_8)).doesNotContain(FIELD);
    }

    @Test
    void an_empty_array_on_the_wire_is_refused_json() {
        byte[] encoded = new JsonDeviceCodec().encode((AttestationBegin) ExampleMessages.all().get("attestation-begin"));
        String object = new String(encoded, StandardCharsets.UTF_8);
        byte[] withEmpty = (object.substring(0, object.length() - 1) + ",\"" + FIELD + "\":[]}").getBytes(StandardCharsets.UTF_8);

        DecodeResult.Malformed<AttestationBegin> m = new JsonDeviceCodec().decodeAttestationBegin(withEmpty).malformed().orElseThrow();

        assertThat(m.field()).isEqualTo(FIELD);
        assertThat(m.problem()).isEqualTo(WireProblem.EMPTY);
        assertThat(m.clientToken()).contains(ExampleMessages.TOKEN);
    }

    @Test
    void an_empty_array_on_the_wire_is_refused_cbor() {
        byte[] encoded = new CborDeviceCodec().encode((AttestationBegin) ExampleMessages.all().get("attestation-begin"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(encoded[0] + 1); // under 23 entries: the count sits in the map header; input key order is free
        out.write(encoded, 1, encoded.length - 1);
        out.write(0x60 | FIELD.length());
        out.writeBytes(FIELD.getBytes(StandardCharsets.US_ASCII));
        out.write(0x80);

        DecodeResult.Malformed<AttestationBegin> m = new CborDeviceCodec().decodeAttestationBegin(out.toByteArray()).malformed().orElseThrow();

        assertThat(m.field()).isEqualTo(FIELD);
        assertThat(m.problem()).isEqualTo(WireProblem.EMPTY);
    }

    @Test
    void more_than_the_bound_of_certificates_is_refused() {
        List<byte[]> six = Collections.nCopies(WireLimits.EK_CHAIN_MAX_ENTRIES + 1, ExampleMessages.dummy(0x40, 12));

        thenViolates(WireProblem.TOO_MANY_ENTRIES, () -> givenBeginWithChain(six));
    }

    @Test
    void a_certificate_over_the_certificate_bound_is_refused_naming_its_index() {
        List<byte[]> chain = List.of(ExampleMessages.dummy(0x40, 12), new byte[WireLimits.CERTIFICATE_MAX + 1]);

        assertThatThrownBy(() -> givenBeginWithChain(chain)).isInstanceOfSatisfying(ContractViolation.class, v -> {
            assertThat(v.field()).isEqualTo(FIELD + "[1]");
            assertThat(v.problem()).isEqualTo(WireProblem.TOO_LONG);
        });
    }

    @Test
    void certificates_over_the_total_bound_are_refused() {
        List<byte[]> chain = Collections.nCopies(WireLimits.EK_CHAIN_MAX_ENTRIES, new byte[WireLimits.CERTIFICATE_MAX]);

        thenViolates(WireProblem.TOO_LONG, () -> givenBeginWithChain(chain));
    }

    @Test
    void a_chain_without_an_ek_certificate_is_inconsistent() {
        thenViolates(WireProblem.INCONSISTENT, () -> new AttestationBegin(ExampleMessages.TOKEN, ExampleMessages.dummy(0x10, 24),
                Optional.empty(), ExampleMessages.dummy(0x50, 24), Optional.empty(), List.of(ExampleMessages.dummy(0x40, 12))));
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void largest_valid_begin_fits_under_the_message_cap_and_round_trips(DeviceCodec codec) {
        int each = WireLimits.EK_CHAIN_MAX_TOTAL / WireLimits.EK_CHAIN_MAX_ENTRIES;
        AttestationBegin largest = new AttestationBegin(ExampleMessages.TOKEN, new byte[WireLimits.TPM2B_PUBLIC_MAX],
                Optional.of(new byte[WireLimits.CERTIFICATE_MAX]), new byte[WireLimits.TPM2B_PUBLIC_MAX],
                Optional.of(new DeviceId("d".repeat(WireLimits.ID_MAX_CHARS))),
                Collections.nCopies(WireLimits.EK_CHAIN_MAX_ENTRIES, new byte[each]));

        byte[] encoded = codec.encode(largest);

        assertThat(encoded.length).isLessThanOrEqualTo(WireLimits.MESSAGE_MAX);
        assertThat(codec.decodeAttestationBegin(encoded).decoded()).contains(largest);
    }
}
