package io.edgeprov.gateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchResultsTest {
    @TempDir
    Path folder;

    @Test
    void json_keeps_numbers_as_numbers() throws Exception {
        JsonNode json = parsed(figures("renew_per_s", 812.5, "devices", 200));

        assertThat(json.get("renew_per_s").isNumber()).isTrue();
        assertThat(json.get("renew_per_s").asDouble()).isEqualTo(812.5);
        assertThat(json.get("devices").asInt()).isEqualTo(200);
    }

    @Test
    void json_writes_an_unmeasured_figure_as_null() throws Exception {
        JsonNode json = parsed(figures("cfssl_sign_per_s", Optional.empty(), "renew_vs_cfssl", Optional.empty()));

        assertThat(json.get("cfssl_sign_per_s").isNull()).isTrue();
        assertThat(json.get("renew_vs_cfssl").isNull()).isTrue();
    }

    @Test
    void json_unwraps_a_present_optional() throws Exception {
        JsonNode json = parsed(figures("cfssl_sign_per_s", Optional.of(2400.0)));

        assertThat(json.get("cfssl_sign_per_s").asDouble()).isEqualTo(2400.0);
    }

    @Test
    void json_writes_a_non_finite_number_as_null() throws Exception {
        JsonNode json = parsed(figures("renew_vs_cfssl", Double.NaN, "enroll_per_s", Double.POSITIVE_INFINITY));

        assertThat(json.get("renew_vs_cfssl").isNull()).isTrue();
        assertThat(json.get("enroll_per_s").isNull()).isTrue();
    }

    @Test
    void json_escapes_quotes_backslashes_and_control_characters_in_text() throws Exception {
        String note = "say \"hi\" \\ then\nnext\tline\u0001";

        JsonNode json = parsed(figures("cfssl_note", note));

        assertThat(json.get("cfssl_note").asText()).isEqualTo(note);
    }

    @Test
    void json_keeps_the_figures_in_the_order_given() throws Exception {
        JsonNode json = parsed(figures("enroll_per_s", 1.0, "renew_per_s", 2.0, "jdk", "17"));

        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("enroll_per_s", "renew_per_s", "jdk");
    }

    @Test
    void write_puts_the_json_under_the_given_name_and_a_dated_table_beside_it() throws Exception {
        Path table = BenchResults.write(folder, "gateway", "latest.json", figures("renew_per_s", 3.5, "cfssl_sign_per_s", Optional.empty()));

        assertThat(table.getFileName().toString()).startsWith("gateway-").endsWith(".md");
        assertThat(Files.readString(table)).contains("| renew_per_s | 3.5 |").contains("| cfssl_sign_per_s | n/a |");
        assertThat(new ObjectMapper().readTree(folder.resolve("latest.json").toFile()).get("renew_per_s").asDouble()).isEqualTo(3.5);
    }

    @Test
    void write_without_a_json_name_keeps_the_pki_file_name() throws Exception {
        BenchResults.write(folder, "pki", figures("baseline_sign_per_s", 7000.0));

        assertThat(folder.resolve("pki-latest.json")).exists();
    }

    private static JsonNode parsed(Map<String, Object> figures) throws Exception {
        return new ObjectMapper().readTree(BenchResults.json(figures));
    }

    private static Map<String, Object> figures(Object... pairs) {
        Map<String, Object> figures = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            figures.put((String) pairs[i], pairs[i + 1]);
        }
        return figures;
    }
}
