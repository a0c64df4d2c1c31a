package io.edgeprov.contracts.codec;

import io.edgeprov.contracts.device.DeviceMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Regenerates the golden vectors from {@link ExampleMessages}: run it only when the contract
 * changes on purpose, then review the diff. Usage is in the module README.
 */
public final class GoldenVectorWriter {

    private GoldenVectorWriter() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GoldenVectorWriter <directory, e.g. src/test/resources/golden>");
        }
        write(Path.of(args[0]));
    }

    static void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        JsonDeviceCodec json = new JsonDeviceCodec();
        CborDeviceCodec cbor = new CborDeviceCodec();
        for (Map.Entry<String, DeviceMessage> e : ExampleMessages.all().entrySet()) {
            byte[] c = cbor.encode(e.getValue());
            Files.write(directory.resolve(e.getKey() + ".json"), json.encode(e.getValue()));
            Files.write(directory.resolve(e.getKey() + ".cbor"), c);
            Files.writeString(directory.resolve(e.getKey() + ".cbor.diag"), CborDiagnostic.render(c),
                    StandardCharsets.UTF_8);
        }
    }
}
