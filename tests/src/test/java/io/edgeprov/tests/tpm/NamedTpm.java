package io.edgeprov.tests.tpm;

import io.edgeprov.sim.tpm.DeviceTpm;
import java.util.Objects;

/** A device TPM back end with the name parameterised tests show for it. */
record NamedTpm(String name, DeviceTpm tpm) {
    NamedTpm {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tpm, "tpm");
    }

    @Override
    public String toString() {
        return name;
    }
}
