package io.edgeprov.gateway.mqtt.embedded;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;

/** Releases a connection's place in {@link ConnectedClients} when it ends, however it ends. */
final class ConnectionRelease implements ClientLifecycleEventListener {
    private final ConnectedClients connected;

    ConnectionRelease(ConnectedClients connected) {
        this.connected = connected;
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        input.getConnectionInformation().getConnectionAttributeStore().getAsString(ConnectedClients.TOKEN_KEY)
                .ifPresent(token -> connected.disconnected(input.getClientInformation().getClientId(), token));
    }
}
