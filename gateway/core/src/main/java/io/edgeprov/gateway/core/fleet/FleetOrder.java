package io.edgeprov.gateway.core.fleet;

/** How a fleet page is ordered; ties always break on device id, so keyset pages never overlap. */
public enum FleetOrder {
    DEVICE_ID, STATE, LAST_SEEN, CERTIFICATE_EXPIRY
}
