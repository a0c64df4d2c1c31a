#!/usr/bin/env bash
# Renews the device certificate over mutual TLS, the TLS client key being the TPM-held device key
# (DIR/device.key.pem through the OpenSSL tpm2 provider). Same key by default: a RenewRequest with a
# CSR only. With --new-key: a fresh TPM key, certified by the AK with qualifyingData = SHA-256(CSR),
# which replaces the old key once the gateway accepted it.
#
# MQTT: mqtt-request.py (python3-paho-mqtt, MQTT 5), one connection that subscribes to renew/accepted and
# renew/rejected, then publishes. Debian's mosquitto_rr cannot stand in: it waits on one response
# topic and refuses a wildcard one ("Invalid response topic 'prov/v1/ID/renew/+'"), so a Rejection
# would go unseen; watch.sh shows mosquitto_sub holding an mTLS session with the same TPM key.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
parse_options "usage: renew.sh --dir DIR --device-id ID --cafile GATEWAY-CA-CHAIN.pem [--host H] [--port P] [--new-key]
       [--tcti TCTI] [--timeout SECONDS]" "$@"
require_gateway_options
require_common
refuse_if_revoked
[ -f "$DIR/device.crt.pem" ] && [ -f "$DIR/device.key.pem" ] || die "$EXIT_USAGE" "no certificate in $DIR: enroll first"
tpm_up "$DIR" "$TCTI"
topic="prov/v1/$DEVICE_ID/renew"
old_serial=$(serial_of "$DIR/device.crt.pem")

tok=$(token)
if [ "$NEW_KEY" = 1 ]; then
  create_device_key "$WORK" next
  csr "$WORK" next "$DEVICE_ID"
  openssl dgst -sha256 -binary "$WORK/next.csr.der" > "$WORK/qualifying-data.bin"
  certify "$WORK" next "$WORK/qualifying-data.bin"
  jq -nc --arg clientToken "$tok" --arg csr "$(b64url_file "$WORK/next.csr.der")" \
    --arg deviceKeyPublic "$(b64url_file "$WORK/next.pub")" --arg certifyInfo "$(b64url_file "$WORK/next.certify-info")" \
    --arg certifySignature "$(b64url_file "$WORK/next.certify-signature")" \
    '{clientToken: $clientToken, csr: $csr, deviceKeyPublic: $deviceKeyPublic, certifyInfo: $certifyInfo,
      certifySignature: $certifySignature}' > "$WORK/renew.json"
else
  csr "$DIR" device "$DEVICE_ID"
  jq -nc --arg clientToken "$tok" --arg csr "$(b64url_file "$DIR/device.csr.der")" \
    '{clientToken: $clientToken, csr: $csr}' > "$WORK/renew.json"
fi

status=0
reply=$(request "$topic" "$WORK/renew.json" "$tok" --cert "$DIR/device.crt.pem" --key "$DIR/device.key.pem" \
  2> "$WORK/mqtt.err") || status=$?
if [ $status = 4 ] && grep -q "0x8A" "$WORK/mqtt.err"; then
  revoked "connect refused Banned (0x8A): certificate serial $old_serial is revoked"
fi
[ $status = 0 ] || die "$EXIT_TRANSPORT" "renewal: no answer ($(tr '\n' ' ' < "$WORK/mqtt.err"))"
[ "$(jq -r .clientToken <<<"$(tail -n +2 <<<"$reply")")" = "$tok" ] || die "$EXIT_TRANSPORT" "renewal: a reply for another request"
[ "$(head -1 <<<"$reply")" = "$topic/accepted" ] || on_rejection "$(tail -n +2 <<<"$reply")" "renewal"

store_bundle "$(tail -n +2 <<<"$reply")"
if [ "$NEW_KEY" = 1 ]; then
  # the certificate now names the new key: it becomes the device key
  for f in pub priv key.pem csr.der certify-info certify-signature; do mv "$WORK/next.$f" "$DIR/device.$f"; done
fi
say "renewed: serial $old_serial -> $(serial_of "$DIR/device.crt.pem")$([ "$NEW_KEY" = 1 ] && echo ", new TPM key"), notAfter $(openssl x509 -in "$DIR/device.crt.pem" -noout -enddate | cut -d= -f2)"
