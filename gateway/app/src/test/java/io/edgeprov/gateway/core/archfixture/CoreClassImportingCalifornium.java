package io.edgeprov.gateway.core.archfixture;

import org.eclipse.californium.core.coap.CoAP.ResponseCode;

/** Breaks the Californium rule on purpose: a core class that picks a CoAP response code itself. */
final class CoreClassImportingCalifornium {
    private CoreClassImportingCalifornium() {
    }

    static String refused() {
        return ResponseCode.FORBIDDEN.text;
    }
}
