package io.edgeprov.contracts.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.DeviceMessage;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Flips, inserts and cuts bytes of every example (fixed seed, so failures reproduce) and checks
 * each codec answers with a result, never an exception: the decoders face untrusted devices.
 */
class MutationRobustnessTest {

    private static final int MUTATIONS_PER_EXAMPLE = 300;

    static Stream<DeviceCodec> codecs() {
        return Stream.of(new JsonDeviceCodec(), new CborDeviceCodec());
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void decoding_mutated_examples_never_throws(DeviceCodec codec) {
        SplittableRandom random = new SplittableRandom(20_261_122L);
        int decoded = 0;
        int refused = 0;
        for (Map.Entry<String, DeviceMessage> e : ExampleMessages.all().entrySet()) {
            byte[] original = codec.encode(e.getValue());
            for (int i = 0; i < MUTATIONS_PER_EXAMPLE; i++) {
                DecodeResult<DeviceMessage> result = codec.decode(e.getValue().type(), mutate(original, random));
                if (result.decoded().isPresent()) {
                    decoded++;
                } else {
                    refused++;
                }
            }
        }
        assertThat(decoded + refused).isEqualTo(ExampleMessages.all().size() * MUTATIONS_PER_EXAMPLE);
        assertThat(refused).as("most mutations break the contract").isGreaterThan(decoded);
    }

    private static byte[] mutate(byte[] original, SplittableRandom random) {
        byte[] b = original.clone();
        int edits = 1 + random.nextInt(3);
        for (int k = 0; k < edits && b.length > 0; k++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> b = Arrays.copyOf(b, at);
                default -> {
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
            }
        }
        return b;
    }
}
