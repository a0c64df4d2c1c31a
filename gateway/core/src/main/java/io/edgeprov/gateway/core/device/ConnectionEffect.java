package io.edgeprov.gateway.core.device;

import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.core.identity.DeviceIds;
import java.util.Objects;
import java.util.Optional;

/**
 * Something the front end must do to the connection a request came on, besides sending the answer.
 * Every front end maps each effect exhaustively; one that cannot apply an effect on its transport
 * says so in its mapping (and its README), never by ignoring a type it does not know.
 */
public sealed interface ConnectionEffect permits ConnectionEffect.BoundToDevice, ConnectionEffect.CutOff {

    /** What a front end does for each kind of effect; implementing it is what makes a front end's mapping exhaustive. */
    interface Applier {
        void boundToDevice(BoundToDevice effect);

        void cutOff(CutOff effect);
    }

    /** Hands this effect to the applier's method for its kind. */
    void applyTo(Applier applier);

    /**
     * The connection now belongs to device {@code deviceId} with certificate {@code serialHex}: a
     * certificate was just issued to the peer of this very connection.
     */
    record BoundToDevice(String deviceId, String serialHex) implements ConnectionEffect {
        public BoundToDevice {
            DeviceIds.require(deviceId, "deviceId");
            Objects.requireNonNull(serialHex, "serialHex");
        }

        /** The identity the connection has from now on. */
        public ClientIdentity.Device identity() {
            return new ClientIdentity.Device(deviceId, serialHex);
        }

        @Override
        public void applyTo(Applier applier) {
            applier.boundToDevice(this);
        }
    }

    /**
     * Cut the connection off: the device, or the certificate it presented ({@code serialHex}, when it
     * presented one), is revoked, and it may keep no session open.
     */
    record CutOff(String deviceId, Optional<String> serialHex, String reason) implements ConnectionEffect {
        public CutOff {
            DeviceIds.require(deviceId, "deviceId");
            Objects.requireNonNull(serialHex, "serialHex");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public void applyTo(Applier applier) {
            applier.cutOff(this);
        }
    }
}
