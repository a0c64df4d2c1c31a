package io.edgeprov.contracts.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every case of src/test/resources/admin-malformed/INDEX through the admin codec. */
class AdminMalformedCorpusTest {
    private final AdminCodec codec = new AdminCodec();

    record Case(String file, String kind, String field, AdminProblem problem) {
        @Override
        public String toString() {
            return file + " -> " + field + " " + problem;
        }
    }

    static List<Case> cases() {
        return new String(resource("INDEX"), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split(" "))
                .map(p -> new Case(p[0], p[1], p[2], AdminProblem.valueOf(p[3])))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformed_input_is_refused_naming_field_and_problem(Case c) {
        byte[] payload = resource(c.file());
        AdminDecodeResult<?> result = switch (c.kind()) {
            case "event" -> codec.decodeEvent(payload);
            case "rejection" -> codec.decodeRejection(payload);
            default -> codec.decodeRequest(AdminCommand.fromLevel(c.kind()).orElseThrow(), payload);
        };

        assertThat(result.malformed()).as(c.file()).isPresent();
        AdminDecodeResult.Malformed<?> m = result.malformed().orElseThrow();
        assertThat(m.field() + " " + m.problem()).as(c.file() + ": " + m.detail()).isEqualTo(c.field() + " " + c.problem());
    }

    @Test
    void a_refusal_echoes_a_readable_request_id_and_never_the_bad_value() {
        AdminDecodeResult<AdminRequest> result = codec.decodeRequest(AdminCommand.ALLOW_DEVICE,
                "{\"requestId\":\"r-9\",\"deviceId\":\"SN-1\",\"ekSha256\":\"s3cr3t-value\"}".getBytes(StandardCharsets.UTF_8));

        AdminDecodeResult.Malformed<AdminRequest> m = result.malformed().orElseThrow();
        assertThat(m.requestId()).contains("r-9");
        assertThat(m.describe()).doesNotContain("s3cr3t");
    }

    @Test
    void an_oversized_payload_is_refused_before_parsing() {
        byte[] big = new byte[AdminCodec.MAX_MESSAGE_BYTES + 1];

        assertThat(codec.decodeRequest(AdminCommand.WHOAMI, big).malformed().orElseThrow().problem())
                .isEqualTo(AdminProblem.MESSAGE_TOO_LARGE);
    }

    @Test
    void corpus_holds_at_least_40_cases() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(40);
    }

    private static byte[] resource(String name) {
        try (InputStream in = AdminMalformedCorpusTest.class.getResourceAsStream("/admin-malformed/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
