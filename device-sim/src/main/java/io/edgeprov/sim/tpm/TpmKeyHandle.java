package io.edgeprov.sim.tpm;

/** Refers to a key that lives inside one {@link DeviceTpm}; meaningless to any other TPM. */
public record TpmKeyHandle(String id) {
    public TpmKeyHandle {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a TPM key handle needs an id");
        }
    }
}
