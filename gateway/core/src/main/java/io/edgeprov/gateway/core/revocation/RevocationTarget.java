package io.edgeprov.gateway.core.revocation;

import io.edgeprov.gateway.core.identity.DeviceIds;
import io.edgeprov.gateway.core.registry.AssignLot;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Which devices a revocation is for: one, a list, a production lot, a serial pattern or an enrollment group. */
public sealed interface RevocationTarget {

    /** How the audit log and the console name it, e.g. {@code lot:L-2026-11}. */
    String describe();

    /** One device by id. */
    record Device(String deviceId) implements RevocationTarget {
        public Device {
            DeviceIds.require(deviceId, "deviceId");
        }

        @Override
        public String describe() {
            return deviceId;
        }
    }

    /** Listed devices (a file of ids); duplicates are dropped, order is kept. */
    record DeviceList(List<String> deviceIds) implements RevocationTarget {
        /** The most ids one list may name: a fleet-sized batch, not an unbounded file. */
        public static final int MAX = 200_000;

        public DeviceList {
            deviceIds = List.copyOf(new LinkedHashSet<>(deviceIds));
            if (deviceIds.isEmpty() || deviceIds.size() > MAX) {
                throw new IllegalArgumentException("a device list names 1 to " + MAX + " devices, got " + deviceIds.size());
            }
            deviceIds.forEach(id -> DeviceIds.require(id, "deviceId"));
        }

        @Override
        public String describe() {
            return "list:" + deviceIds.size() + " devices";
        }
    }

    /** Every device labelled with this production lot. */
    record Lot(String lot) implements RevocationTarget {
        public Lot {
            Objects.requireNonNull(lot, "lot");
            if (!AssignLot.LOT.matcher(lot).matches()) {
                throw new IllegalArgumentException("lot '" + lot + "' is not a lot label");
            }
        }

        @Override
        public String describe() {
            return "lot:" + lot;
        }
    }

    /** Every known device whose whole id matches this Java regular expression. */
    record SerialPattern(String regex) implements RevocationTarget {
        public SerialPattern {
            Objects.requireNonNull(regex, "regex");
            if (regex.isEmpty() || regex.length() > 256) {
                throw new IllegalArgumentException("a serial pattern is 1 to 256 characters");
            }
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("not a regular expression: " + e.getDescription(), e);
            }
        }

        /** The compiled pattern, matched against whole ids. */
        public Pattern pattern() {
            return Pattern.compile(regex);
        }

        @Override
        public String describe() {
            return "pattern:" + regex;
        }
    }

    /**
     * Every device a group enrollment admits: known devices whose id its serial pattern matches, less
     * those admitted one by one (an individual enrollment takes precedence over a group).
     */
    record EnrollmentGroup(String enrollmentId) implements RevocationTarget {
        public EnrollmentGroup {
            Objects.requireNonNull(enrollmentId, "enrollmentId");
            if (enrollmentId.isBlank() || enrollmentId.length() > 128) {
                throw new IllegalArgumentException("an enrollment id is 1 to 128 characters");
            }
        }

        @Override
        public String describe() {
            return "group:" + enrollmentId;
        }
    }
}
