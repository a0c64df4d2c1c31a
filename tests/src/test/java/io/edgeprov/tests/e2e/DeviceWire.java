package io.edgeprov.tests.e2e;

import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.sim.device.CoapDeviceTransport;
import io.edgeprov.sim.device.EnrollmentChannel;
import io.edgeprov.sim.device.MqttEnrollmentChannel;
import io.edgeprov.sim.device.PahoDeviceTransport;
import io.edgeprov.sim.device.RevocationPath;
import io.edgeprov.sim.fleet.FleetBuilder;
import io.edgeprov.sim.fleet.FleetTransport;
import io.edgeprov.sim.tpm.DeviceTpm;
import java.time.Clock;

/**
 * The transports a device suite runs over, as the parameter of one suite (Leshan's way, STYLE.md): the
 * same device logic and assertions, the wire chosen here. MQTT over TLS to the embedded broker, or CoAP
 * over DTLS (EST-coaps) to the gateway's CoAP front end.
 */
enum DeviceWire {
    MQTT {
        @Override
        EnrollmentChannel channel(GivenGateway gateway, DeviceId id, DeviceTpm tpm) throws Exception {
            return new MqttEnrollmentChannel(id, new PahoDeviceTransport(id, "127.0.0.1", gateway.mqttPort(),
                    gateway.trustChain(), tpm), new JsonDeviceCodec(), Clock.systemUTC());
        }

        @Override
        FleetBuilder onto(FleetBuilder fleet, GivenGateway gateway) throws Exception {
            return fleet.transport(FleetTransport.MQTT).broker("127.0.0.1", gateway.mqttPort()).trust(gateway.trustChain());
        }

        @Override
        RevocationPath pathWhileConnected() {
            return RevocationPath.NOTICE;
        }
    },
    COAP {
        @Override
        EnrollmentChannel channel(GivenGateway gateway, DeviceId id, DeviceTpm tpm) throws Exception {
            return new CoapDeviceTransport(id, "127.0.0.1", gateway.coapPort(), gateway.trustChain(), tpm);
        }

        @Override
        FleetBuilder onto(FleetBuilder fleet, GivenGateway gateway) throws Exception {
            return fleet.transport(FleetTransport.COAP).coap("127.0.0.1", gateway.coapPort()).trust(gateway.trustChain());
        }

        /** CoAP pushes no notice: the gateway's close_notify ends the session, and the reconnect is refused. */
        @Override
        RevocationPath pathWhileConnected() {
            return RevocationPath.REFUSED_RECONNECT;
        }
    };

    /** A device's channel to {@code gateway} over this wire. */
    abstract EnrollmentChannel channel(GivenGateway gateway, DeviceId id, DeviceTpm tpm) throws Exception;

    /** A fleet whose devices all speak this wire to {@code gateway}. */
    abstract FleetBuilder onto(FleetBuilder fleet, GivenGateway gateway) throws Exception;

    /** How a device with an open session first learns that the gateway revoked it. */
    abstract RevocationPath pathWhileConnected();
}
