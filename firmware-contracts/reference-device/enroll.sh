#!/usr/bin/env bash
# Enrolls the device by TPM 2.0 attestation over MQTT, as FIRMWARE-GUIDE.md describes step by step:
# EK and AK, AttestationBegin, ActivateCredential, a device key in the TPM certified by the AK with
# the challenge's qualifying data, a CSR signed by that key, AttestationFinish; stores the
# certificate (DIR/device.crt.pem), its chain (DIR/chain.pem) and the key (DIR/device.key.pem, a
# TSS2 PEM file: the key itself never leaves the TPM).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
parse_options "usage: enroll.sh --dir DIR --device-id ID --cafile GATEWAY-CA-CHAIN.pem [--host H] [--port P]
       [--ek rsa|ecc256|ecc384] [--tcti TCTI] [--timeout SECONDS]" "$@"
require_gateway_options
require_common
refuse_if_revoked
tpm_up "$DIR" "$TCTI"
topic_base="prov/v1/$DEVICE_ID/attest"

# 1. EK and AK. The AK is a restricted ECC P-256 signing key under the EK, persisted for later renewals.
create_ek
tpm tpm2_createak -C "$WORK/ek.ctx" -c "$WORK/ak.ctx" -G ecc -g sha256 -s ecdsa -u "$DIR/ak.pub" -f tss -n "$DIR/ak.name"
evict_if_present "$AK_HANDLE"
tpm tpm2_evictcontrol -C o -c "$WORK/ak.ctx" "$AK_HANDLE"
ensure_srk
say "EK $EK sha256 $(sha256_file "$DIR/ek.pub"), AK persisted at $AK_HANDLE"

# 2. The EK certificate from its TCG NV index, if the manufacturer provisioned one.
ek_certificate=()
if tpm2_getcap handles-nv-index | grep -qix -- "- 0x${EK_CERT_INDEX#0x0}"; then
  tpm tpm2_nvread -C o -o "$WORK/ek-nv.bin" "$EK_CERT_INDEX"
  der_prefix "$WORK/ek-nv.bin" "$DIR/ekcert.der"
  ek_certificate=(--arg ekCertificate "$(b64url_file "$DIR/ekcert.der")")
  say "EK certificate from NV $EK_CERT_INDEX ($(stat -c %s "$DIR/ekcert.der") bytes)"
else
  say "no EK certificate at NV $EK_CERT_INDEX: ekCertificate omitted"
fi

# 3. AttestationBegin -> Challenge.
tok=$(token)
jq -nc --arg clientToken "$tok" --arg ekPublic "$(b64url_file "$DIR/ek.pub")" "${ek_certificate[@]}" \
  --arg akPublic "$(b64url_file "$DIR/ak.pub")" \
  '{clientToken: $clientToken, ekPublic: $ekPublic} + (if $ARGS.named.ekCertificate then {ekCertificate: $ARGS.named.ekCertificate} else {} end) + {akPublic: $akPublic}' \
  > "$WORK/begin.json"
reply=$(request "$topic_base/begin" "$WORK/begin.json" "$tok") || die "$EXIT_TRANSPORT" "attestation begin: no answer"
[ "$(head -1 <<<"$reply")" = "$topic_base/begin/accepted" ] || on_rejection "$(tail -n +2 <<<"$reply")" "attestation begin"
challenge=$(tail -n +2 <<<"$reply")
challenge_id=$(jq -r .challengeId <<<"$challenge")
say "challenge $challenge_id, expires $(date -u -d "@$(jq -r .expiresAt <<<"$challenge")" +%H:%M:%SZ)"

# 4. ActivateCredential: tpm2-tools' credential file is magic 0xBADCC0DE, version 1, then credentialBlob
#    (TPM2B_ID_OBJECT) and encryptedSecret (TPM2B_ENCRYPTED_SECRET), both as they come, size prefix included.
b64url_decode "$(jq -r .credentialBlob <<<"$challenge")" "$WORK/credential-blob.bin"
b64url_decode "$(jq -r .encryptedSecret <<<"$challenge")" "$WORK/encrypted-secret.bin"
{ printf '\xba\xdc\xc0\xde\x00\x00\x00\x01'; cat "$WORK/credential-blob.bin" "$WORK/encrypted-secret.bin"; } > "$WORK/credential.bin"
if [ "$EK_NEEDS_POLICY" = 1 ]; then
  tpm tpm2_startauthsession --policy-session -S "$WORK/ek-session.ctx"
  tpm tpm2_policysecret -S "$WORK/ek-session.ctx" -c e
  tpm tpm2_activatecredential -c "$AK_HANDLE" -C "$WORK/ek.ctx" -i "$WORK/credential.bin" -o "$WORK/secret.bin" \
    -P "session:$WORK/ek-session.ctx"
  tpm tpm2_flushcontext "$WORK/ek-session.ctx"
else
  tpm tpm2_activatecredential -c "$AK_HANDLE" -C "$WORK/ek.ctx" -i "$WORK/credential.bin" -o "$WORK/secret.bin"
fi

# 5. The proofs: secretProof = HMAC-SHA256(secret, challengeId); qualifyingData = SHA-256(challengeId || secret).
secret_proof=$(printf '%s' "$challenge_id" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(hex_of "$WORK/secret.bin")" -binary \
  | basenc --base64url -w0 | tr -d '=')
{ printf '%s' "$challenge_id"; cat "$WORK/secret.bin"; } | openssl dgst -sha256 -binary > "$WORK/qualifying-data.bin"
rm -f "$WORK/secret.bin"

# 6. The device key, certified by the AK with the qualifying data, and a CSR it signs.
create_device_key "$DIR" device
certify "$DIR" device "$WORK/qualifying-data.bin"
csr "$DIR" device "$DEVICE_ID"

# 7. AttestationFinish -> CredentialBundle.
tok=$(token)
jq -nc --arg clientToken "$tok" --arg challengeId "$challenge_id" --arg secretProof "$secret_proof" \
  --arg certifyInfo "$(b64url_file "$DIR/device.certify-info")" \
  --arg certifySignature "$(b64url_file "$DIR/device.certify-signature")" \
  --arg deviceKeyPublic "$(b64url_file "$DIR/device.pub")" --arg csr "$(b64url_file "$DIR/device.csr.der")" \
  '{clientToken: $clientToken, challengeId: $challengeId, secretProof: $secretProof, certifyInfo: $certifyInfo,
    certifySignature: $certifySignature, deviceKeyPublic: $deviceKeyPublic, csr: $csr}' > "$WORK/finish.json"
reply=$(request "$topic_base/finish" "$WORK/finish.json" "$tok") || die "$EXIT_TRANSPORT" "attestation finish: no answer"
[ "$(head -1 <<<"$reply")" = "$topic_base/finish/accepted" ] || on_rejection "$(tail -n +2 <<<"$reply")" "attestation finish"
store_bundle "$(tail -n +2 <<<"$reply")"
say "enrolled: serial $(serial_of "$DIR/device.crt.pem"), notAfter $(openssl x509 -in "$DIR/device.crt.pem" -noout -enddate | cut -d= -f2)"
