#!/usr/bin/env bash
# Stays connected over mutual TLS with the TPM-held key, as an enrolled device does, and stops for good
# when the gateway revokes its certificate. Debian's mosquitto_sub holds the session (MQTT 5, client
# id = device id, the TSS2 key file loaded by the tpm2 provider through OPENSSL_CONF) subscribed to
# prov/v1/ID/notice. It learns of a revocation either way the gateway tells it:
#   - a RevocationNotice whose serial is the certificate it holds (compared as numbers); a notice for
#     another serial (a certificate a renewal superseded) is reported and not acted on;
#   - a refused connect: the gateway cuts the session after the notice, mosquitto_sub reconnects, and the
#     CONNACK says Banned (0x8A). Not authorized (0x87) is not taken for revocation: the gateway also
#     answers it for an expired or unknown certificate.
# Prints "refdev: watching ..." once subscribed. Exit 10 when revoked (DIR/REVOKED records why).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
parse_options "usage: watch.sh --dir DIR --device-id ID --cafile GATEWAY-CA-CHAIN.pem [--host H] [--port P] [--tcti TCTI]" "$@"
require_gateway_options
require_common
require mosquitto_sub mosquitto-clients
refuse_if_revoked
[ -f "$DIR/device.crt.pem" ] || die "$EXIT_USAGE" "no certificate in $DIR: enroll first"
tpm_up "$DIR" "$TCTI"
topic="prov/v1/$DEVICE_ID/notice"
serial=$(serial_of "$DIR/device.crt.pem")

mkfifo "$WORK/sub.fifo"
# -d prints the SUBACK ("Subscribed (mid: 1): 1"), the moment notices can reach us; -v prints "topic payload";
# stdbuf -oL: mosquitto_sub flushes after each message but not after its debug lines
stdbuf -oL mosquitto_sub -V 5 -d -v -h "$HOST" -p "$PORT" --cafile "$CAFILE" --insecure \
  --cert "$DIR/device.crt.pem" --key "$DIR/device.key.pem" -i "$DEVICE_ID" -q 1 -t "$topic" \
  > "$WORK/sub.fifo" 2> "$WORK/sub.err" &
sub=$!
stop_sub() { kill "$sub" 2>/dev/null || true; wait "$sub" 2>/dev/null || true; }
trap 'stop_sub; tpm_down; rm -rf "$WORK"' EXIT

while IFS= read -r line; do
  case $line in
    "Subscribed (mid: "*)
      code=${line##*: }
      [ "$code" -lt 128 ] || die "$EXIT_REFUSED" "subscription to $topic refused: reason $code"
      say "watching $topic over mTLS with the TPM key, certificate serial $serial" ;;
    "$topic "*)
      notice=${line#"$topic "}
      noticed=$(jq -r .serial <<<"$notice" | sed 's/^0*//')
      if [ "$noticed" = "$serial" ]; then
        stop_sub
        revoked "notice: serial $serial reason $(jq -r .reason <<<"$notice") revokedAt $(jq -r .revokedAt <<<"$notice")"
      fi
      say "notice for another certificate, serial $noticed: not this one ($serial), still watching" ;;
  esac
done < "$WORK/sub.fifo"

# mosquitto_sub ended by itself: the connection was refused
status=0
wait "$sub" || status=$?
why=$(tr '\n' ' ' < "$WORK/sub.err")
if grep -q "Banned" "$WORK/sub.err"; then
  revoked "connect refused Banned (0x8A): certificate serial $serial is revoked"
fi
die "$EXIT_TRANSPORT" "mosquitto_sub stopped (status $status): $why"
