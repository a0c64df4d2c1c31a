#!/usr/bin/python3
"""One MQTT 5 request and its reply, with Debian's python3-paho-mqtt (1.6).

Why not mosquitto_pub and mosquitto_sub: the gateway binds a device's topics to its client id, which
must be the device id, and a second connection with the same id takes the first one over. A
subscriber and a publisher are two connections, so the publisher would cut the subscriber off and
the reply could be lost. mosquitto_rr is one connection but subscribes to one reply topic only,
and a device without a certificate may not subscribe with a wildcard to catch both
.../accepted and .../rejected. So one client here subscribes to every reply topic, publishes the
request once the broker granted the subscriptions, and prints the first reply carrying the
request's client token: its topic on the first line, its payload on the second.

TLS: the broker's certificate must chain to --cafile; its host name is not checked (devices reach
the gateway by whatever address the site gives it). With --cert/--key the connection is mutual
TLS; a TSS2 PEM key works when OPENSSL_CONF activates the tpm2 provider (see FIRMWARE-GUIDE.md).

Exit status: 0 reply printed, 4 connect refused (reason on stderr), 5 no reply in time or the
network failed, 6 a subscription refused.
"""
import argparse
import json
import ssl
import sys
import threading

import paho.mqtt.client as mqtt
from paho.mqtt.subscribeoptions import SubscribeOptions


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--cafile", required=True)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--client-id", required=True)
    p.add_argument("--publish", required=True, help="request topic")
    p.add_argument("--payload-file", required=True)
    p.add_argument("--reply", action="append", required=True, help="reply topic (repeat)")
    p.add_argument("--client-token", required=True)
    p.add_argument("--timeout", type=float, default=30)
    a = p.parse_args()
    with open(a.payload_file, "rb") as f:
        payload = f.read()

    done = threading.Event()
    outcome = {"status": 5, "error": "no reply within %.0f s" % a.timeout}

    def finish(status, out=None, error=None):
        if done.is_set():
            return
        outcome.update(status=status, out=out, error=error)
        done.set()

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.load_verify_locations(a.cafile)
    if a.cert:
        context.load_cert_chain(a.cert, a.key)

    client = mqtt.Client(client_id=a.client_id, protocol=mqtt.MQTTv5)
    client.tls_set_context(context)

    def on_connect(c, userdata, flags, reason, properties):
        if reason.value >= 0x80:
            finish(4, error="connect refused: reason 0x%02X %s" % (reason.value, reason))
            return
        options = SubscribeOptions(qos=1)
        c.subscribe([(topic, options) for topic in a.reply])

    def on_subscribe(c, userdata, mid, reasons, properties):
        refused = [str(r) for r in reasons if r.value >= 0x80]
        if refused:
            finish(6, error="subscription refused: " + ", ".join(refused))
            return
        c.publish(a.publish, payload, qos=1)

    def on_message(c, userdata, message):
        try:
            token = json.loads(message.payload).get("clientToken")
        except ValueError:
            return
        if token == a.client_token:
            finish(0, out=message.topic + "\n" + message.payload.decode("utf-8"))

    def on_disconnect(c, userdata, reason, properties=None):
        code = getattr(reason, "value", reason)
        finish(4 if code == 0x8A else 5, error="disconnected: reason %s" % reason)

    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_message = on_message
    client.on_disconnect = on_disconnect
    try:
        client.connect(a.host, a.port, keepalive=30, clean_start=True)
    except (OSError, ssl.SSLError) as e:
        print("connect to %s:%d failed: %s" % (a.host, a.port, e), file=sys.stderr)
        return 5
    client.loop_start()
    done.wait(a.timeout)
    client.disconnect()
    client.loop_stop()
    if outcome["status"] == 0:
        print(outcome["out"])
    else:
        print(outcome["error"], file=sys.stderr)
    return outcome["status"]


if __name__ == "__main__":
    sys.exit(main())
