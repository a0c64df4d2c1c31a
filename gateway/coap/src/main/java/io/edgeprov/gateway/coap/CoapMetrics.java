package io.edgeprov.gateway.coap;

import io.edgeprov.contracts.device.WireErrorCode;

/**
 * Where the CoAP front end reports what it answered; the application counts it with its metrics
 * library (this module knows none). Labels are fixed words: a resource name from {@code CoapPaths},
 * a response code such as {@code 2.04}, a wire code's name. Called on CoAP threads: quick, never throws.
 */
public interface CoapMetrics {

    /** One request on {@code resource} (its last path segment, or {@code other}) answered with {@code code}. */
    void answered(String resource, String code);

    /** A request refused with {@code code} in its Rejection body. */
    void refused(String resource, WireErrorCode code);

    /** Counts nothing: for tests and tools. */
    static CoapMetrics uncounted() {
        return new CoapMetrics() {
            @Override
            public void answered(String resource, String code) {
            }

            @Override
            public void refused(String resource, WireErrorCode code) {
            }
        };
    }
}
