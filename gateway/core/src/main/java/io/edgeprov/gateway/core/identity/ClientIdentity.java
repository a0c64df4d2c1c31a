package io.edgeprov.gateway.core.identity;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** Who a connected client is, as far as the gateway could prove it at connect time. */
public sealed interface ClientIdentity permits ClientIdentity.Unenrolled, ClientIdentity.Device {

    /** The device id the client's topics are scoped to. */
    String deviceId();

    /** A client without a (trusted) certificate, known only by the client id it chose. */
    record Unenrolled(String deviceId) implements ClientIdentity {
        public Unenrolled {
            DeviceIds.require(deviceId, "deviceId");
        }
    }

    /**
     * A client that presented a valid certificate from the gateway CA naming this device.
     *
     * @param serialHex the certificate's serial number, lower-case hex without leading zeros
     */
    record Device(String deviceId, String serialHex) implements ClientIdentity {
        private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,40}");

        public Device {
            DeviceIds.require(deviceId, "deviceId");
            Objects.requireNonNull(serialHex, "serialHex");
            serialHex = serialHex.toLowerCase(Locale.ROOT);
            if (!HEX.matcher(serialHex).matches()) {
                throw new IllegalArgumentException("serialHex must be 1 to 40 hex digits");
            }
        }
    }
}
