package io.edgeprov.pki.keys;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/** A passphrase in an environment variable, looked up by name through an injectable environment. */
record EnvironmentPassphraseSource(String variableName, Function<String, String> environment) implements PassphraseSource {
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    EnvironmentPassphraseSource {
        Objects.requireNonNull(variableName, "variableName");
        Objects.requireNonNull(environment, "environment");
        if (!VARIABLE_NAME.matcher(variableName).matches()) {
            throw new IllegalArgumentException("not an environment variable name: '" + variableName
                    + "' (letters, digits and underscores, not starting with a digit)");
        }
    }

    @Override
    public Passphrase read() throws CaKeyStoreException {
        String value = environment.apply(variableName);
        if (value == null) {
            throw new CaKeyStoreException(CaKeyStoreFailure.PASSPHRASE_MISSING,
                    "environment variable " + variableName + " is not set");
        }
        if (value.isEmpty()) {
            throw new CaKeyStoreException(CaKeyStoreFailure.PASSPHRASE_EMPTY,
                    "environment variable " + variableName + " is empty");
        }
        return Passphrase.adopt(value.toCharArray());
    }

    @Override
    public String description() {
        return "environment variable " + variableName;
    }

    @Override
    public String toString() {
        return description();
    }
}
