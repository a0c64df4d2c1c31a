package io.edgeprov.gateway.mqtt.embedded;

import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.interceptor.connect.ConnectInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundInput;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.ModifiableConnectPacket;

/**
 * A session belongs to the identity that made it. A client without a certificate always starts a
 * fresh session that ends with its connection: with clean start = 0 it would otherwise inherit the
 * session a device left behind under the same id (its subscriptions and queued messages, such as its
 * revocation notice), and a session it made itself could later be handed to the device.
 */
final class SessionOwnership implements ConnectInboundInterceptor {

    @Override
    public void onConnect(ConnectInboundInput input, ConnectInboundOutput output) {
        boolean certificate = input.getConnectionInformation().getClientTlsInformation()
                .flatMap(ClientTlsInformation::getClientCertificate).isPresent();
        if (!certificate) {
            ModifiableConnectPacket connect = output.getConnectPacket();
            connect.setCleanStart(true);
            connect.setSessionExpiryInterval(0);
        }
    }
}
