package io.edgeprov.pki.keys;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh SoftHSM2 token for an IT, in a token directory next to the SOFTHSM2_CONF file that
 * Failsafe names in the environment (the library reads it once, when it loads).
 */
final class SoftHsmToken {
    private static final Pattern REASSIGNED = Pattern.compile("reassigned to slot (\\d+)");

    private final ExternalTool softhsm;
    private final String label;
    private final char[] pin;
    private final long slot;

    private SoftHsmToken(ExternalTool softhsm, String label, char[] pin, long slot) {
        this.softhsm = softhsm;
        this.label = label;
        this.pin = pin;
        this.slot = slot;
    }

    /** Writes the SoftHSM2 configuration if needed and initialises a token with a random label, PIN and SO PIN. */
    static SoftHsmToken create() throws IOException, InterruptedException {
        String confVariable = System.getenv("SOFTHSM2_CONF");
        if (confVariable == null || confVariable.isEmpty()) {
            return fail("SOFTHSM2_CONF is not set: run the ITs with mvn verify, whose Failsafe configuration in pki/pom.xml sets it");
        }
        if (!Files.isRegularFile(Pkcs11Config.SOFTHSM2_LIBRARY)) {
            return fail(Pkcs11Config.SOFTHSM2_LIBRARY + " is missing: apt-get install -y softhsm2");
        }
        Path conf = Path.of(confVariable);
        Path tokens = conf.resolveSibling("tokens");
        Files.createDirectories(tokens);
        String text = "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n";
        if (!Files.exists(conf) || !Files.readString(conf, StandardCharsets.UTF_8).equals(text)) {
            Files.writeString(conf, text, StandardCharsets.UTF_8);
        }
        ExternalTool softhsm = new ExternalTool("softhsm2-util", "softhsm2", Map.of("SOFTHSM2_CONF", conf.toString()));
        SecureRandom random = new SecureRandom();
        String label = "edgeprov-it-" + Integer.toHexString(random.nextInt());
        String pin = String.valueOf(100000 + random.nextInt(900000));
        String soPin = String.valueOf(100000 + random.nextInt(900000));
        String output = softhsm.runOk("--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", soPin);
        Matcher matcher = REASSIGNED.matcher(output);
        if (!matcher.find()) {
            return fail("softhsm2-util --init-token did not say which slot it used");
        }
        return new SoftHsmToken(softhsm, label, pin.toCharArray(), Long.parseLong(matcher.group(1)));
    }

    Pkcs11Config config(String keyAlias) {
        return new Pkcs11Config(Pkcs11Config.SOFTHSM2_LIBRARY, new Pkcs11Config.Slot(slot), keyAlias);
    }

    PassphraseSource pin() {
        return PassphraseSource.ofChars(pin);
    }

    String pinText() {
        return new String(pin);
    }

    long slot() {
        return slot;
    }

    /** Removes the token's files; the IT calls it when done. */
    void delete() throws IOException, InterruptedException {
        softhsm.runOk("--delete-token", "--token", label);
    }

    @Override
    public String toString() {
        return "SoftHsmToken[" + label + ", slot " + slot + ", pin=redacted]";
    }
}
