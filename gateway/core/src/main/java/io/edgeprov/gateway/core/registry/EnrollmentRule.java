package io.edgeprov.gateway.core.registry;

import io.edgeprov.gateway.core.registry.value.Checks;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;

/** What an enrollment admits: one known TPM, or any TPM of a trusted manufacturer with a matching serial. */
public sealed interface EnrollmentRule permits EnrollmentRule.Individual, EnrollmentRule.Group {

    /**
     * One device, identified by its serial (device id) and the SHA-256 of its EK public area.
     *
     * @param deviceId the device's serial as used in topics and certificates
     * @param ekPublicSha256 SHA-256 of the endorsement key's TPM2B_PUBLIC
     */
    record Individual(String deviceId, Sha256Digest ekPublicSha256) implements EnrollmentRule {
        public Individual {
            Checks.text(deviceId, "deviceId", DeviceRecord.MAX_ID_LENGTH);
            java.util.Objects.requireNonNull(ekPublicSha256, "ekPublicSha256");
        }
    }

    /**
     * Any TPM whose EK certificate chains to the named manufacturer root bundle and whose serial matches.
     *
     * @param rootBundleId id of the trusted manufacturer root bundle
     * @param serialPattern a Java regular expression the whole device serial must match
     */
    record Group(String rootBundleId, String serialPattern) implements EnrollmentRule {
        public Group {
            Checks.text(rootBundleId, "rootBundleId", 128);
            Checks.text(serialPattern, "serialPattern", 256);
            try {
                java.util.regex.Pattern.compile(serialPattern);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("serialPattern is not a valid regular expression: "
                        + e.getDescription(), e);
            }
        }

        /** Whether the whole serial matches this group's pattern. */
        public boolean admitsSerial(String serial) {
            return java.util.regex.Pattern.compile(serialPattern).matcher(serial).matches();
        }
    }
}
