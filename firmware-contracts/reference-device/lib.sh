# Shared by the reference device's scripts: checks for programs, the TPM stack, wire encodings.
# Sourced, never run. Everything here uses stock Debian 12 tools only (see README.md).
# shellcheck shell=bash

# Exit statuses every script shares.
readonly EXIT_USAGE=2 EXIT_MISSING_TOOL=3 EXIT_REFUSED=4 EXIT_TRANSPORT=5 EXIT_TPM=6 EXIT_REVOKED=10

# Persistent handles the reference device owns in its TPM (TPM 2.0 Part 2, owner range 0x81000000-0x817fffff).
readonly SRK_HANDLE=0x81000001      # storage primary key: parent of the device key in its TSS2 PEM file
readonly AK_HANDLE=0x81000002       # attestation key, kept for TPM2_Certify of later device keys
readonly SCRATCH_HANDLE=0x81000010  # a device key persisted only while raw TPM2_Certify (tpm2_send) names it

REFDEV_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly REFDEV_HOME

say() { echo "refdev: $*"; }
die() { local status=$1; shift; echo "refdev: $*" >&2; exit "$status"; }

# require PROGRAM DEBIAN-PACKAGE ...: every missing program is named with the apt-get line that provides it.
require() {
  local missing=() program
  while [ $# -gt 0 ]; do
    program=$1
    command -v "$program" >/dev/null 2>&1 || missing+=("$program is missing: apt-get install -y $2")
    shift 2
  done
  if [ ${#missing[@]} -gt 0 ]; then
    printf 'refdev: %s\n' "${missing[@]}" >&2
    exit "$EXIT_MISSING_TOOL"
  fi
}

# The programs every script needs (the TPM stack's own are checked by tpm_up).
require_common() {
  require basenc coreutils xxd xxd jq jq openssl openssl \
    tpm2_getcap tpm2-tools tpm2_send tpm2-tools tpm2_encodeobject tpm2-tools
  # Debian's python3 has python3-paho-mqtt; a python3 earlier on PATH (pyenv, venv) may not
  PYTHON=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3 || true)}
  [ -n "$PYTHON" ] || die "$EXIT_MISSING_TOOL" "python3 is missing: apt-get install -y python3 python3-paho-mqtt"
  "$PYTHON" -c 'import paho.mqtt.client' 2>/dev/null \
    || die "$EXIT_MISSING_TOOL" "$PYTHON cannot import paho.mqtt: apt-get install -y python3-paho-mqtt (Debian's /usr/bin/python3; or set PYTHON)"
  local modules
  modules=$(openssl version -m | sed -n 's/^MODULESDIR: "\(.*\)"$/\1/p')
  [ -f "$modules/tpm2.so" ] || die "$EXIT_MISSING_TOOL" "the OpenSSL tpm2 provider ($modules/tpm2.so) is missing: apt-get install -y tpm2-openssl"
}

# --- wire encodings ------------------------------------------------------------------------------

b64url_file() { basenc --base64url -w0 "$1" | tr -d '='; }                     # file -> unpadded base64url
b64url_decode() {                                                               # base64url text -> file $2
  local text=$1
  case $(( ${#text} % 4 )) in 2) text+='==' ;; 3) text+='=' ;; esac
  printf '%s' "$text" | basenc --base64url -d > "$2"
}
hex_of() { xxd -p -c 100000 "$1" | tr -d '\n'; }                                # file -> lowercase hex
token() { openssl rand -hex 8; }                                                # a fresh client token
sha256_file() { sha256sum "$1" | cut -d' ' -f1; }

# der_prefix IN OUT: the DER object at the start of IN (an EK certificate NV index may be padded).
der_prefix() {
  local head first count length header
  head=$(xxd -p -l 6 "$1" | tr -d '\n')
  [ "${head:0:2}" = 30 ] || die "$EXIT_TPM" "$1 does not start with a DER SEQUENCE"
  first=$((16#${head:2:2}))
  if [ "$first" -lt 128 ]; then
    length=$first header=2
  else
    count=$((first & 127))
    length=$((16#${head:4:$((count * 2))})) header=$((2 + count))
  fi
  head -c $((header + length)) "$1" > "$2"
}

# --- the TPM stack -------------------------------------------------------------------------------
#
# A device with a TPM 2.0 runs a resource manager in front of it: the kernel's /dev/tpmrm0 or
# tpm2-abrmd. Without one, every client shares the TPM's three object slots and whatever a client
# leaves loaded stays there; the OpenSSL tpm2 provider leaves its keys loaded for the whole TLS
# session, so a bare TPM runs out of slots. With --tcti the scripts use the TPM the device has
# (e.g. device:/dev/tpmrm0 or tabrmd); without it they run their own: swtpm, manufactured once by
# swtpm_setup with EK certificates from a CA private to the device folder, behind tpm2-abrmd on a
# private D-Bus. Everything it starts is stopped by PID when the script exits.

TPM_PIDS=()

tpm_up() {  # tpm_up DIR TCTI-or-empty
  local dir=$1 tcti=$2
  if [ -n "$tcti" ]; then
    export TPM2TOOLS_TCTI=$tcti TPM2OPENSSL_TCTI=$tcti
  else
    require swtpm swtpm swtpm_setup swtpm-tools swtpm_localca swtpm-tools swtpm_ioctl swtpm-tools \
      tpm2-abrmd tpm2-abrmd dbus-daemon dbus-daemon
    ls /usr/lib/*/libtss2-tcti-tabrmd.so.0 >/dev/null 2>&1 \
      || die "$EXIT_MISSING_TOOL" "libtss2-tcti-tabrmd.so.0 (the TCTI to reach tpm2-abrmd) is missing: apt-get install -y libtss2-tcti-tabrmd0"
    [ -d "$dir/tpm/state" ] && [ -n "$(ls -A "$dir/tpm/state")" ] || swtpm_manufacture "$dir/tpm"
    swtpm_start "$dir/tpm"
    abrmd_start "$dir/tpm"
  fi
  export TSS2_LOG=${TSS2_LOG:-all+none}
  export OPENSSL_CONF="$dir/openssl-tpm2.cnf"
  write_openssl_conf "$OPENSSL_CONF"
  tpm2_getcap properties-fixed >/dev/null 2>&1 || die "$EXIT_TPM" "no TPM answers at ${TPM2TOOLS_TCTI}"
}

tpm_down() {
  local i pid
  # TPM2_Shutdown first: after a shutdown that was not orderly, a TPM counts a dictionary-attack failure
  # for each DA-protected key used since, and swtpm locks such keys out after a few restarts
  if [ ${#TPM_PIDS[@]} -gt 0 ]; then tpm2_shutdown >/dev/null 2>&1 || true; fi
  for ((i = ${#TPM_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${TPM_PIDS[$i]}
    if [ "$pid" = swtpm ]; then
      # a clean TPM shutdown through swtpm's control channel, then swtpm exits by itself
      swtpm_ioctl --tcp "127.0.0.1:$SWTPM_CTRL_PORT" -s >/dev/null 2>&1 || true
      pid=$SWTPM_PID
    fi
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  TPM_PIDS=()
}

swtpm_manufacture() {  # the vendor's production line: EKs, EK and platform certificates, NV locked
  local t=$1
  mkdir -p "$t/state" "$t/localca" "$t/tmp" "$t/home"
  cat > "$t/localca/swtpm-localca.conf" <<EOF
statedir = $t/localca
signingkey = $t/localca/signkey.pem
issuercert = $t/localca/issuercert.pem
certserial = $t/localca/certserial
EOF
  printf -- '--platform-manufacturer EdgeProv\n--platform-version 2.1\n--platform-model ReferenceDevice\n' \
    > "$t/localca/swtpm-localca.options"
  cat > "$t/localca/swtpm_setup.conf" <<EOF
create_certs_tool = $(command -v swtpm_localca)
create_certs_tool_config = $t/localca/swtpm-localca.conf
create_certs_tool_options = $t/localca/swtpm-localca.options
active_pcr_banks = sha256
EOF
  TMPDIR="$t/tmp" HOME="$t/home" XDG_CONFIG_HOME="$t/home/.config" swtpm_setup --tpm2 --tpmstate "$t/state" \
    --config "$t/localca/swtpm_setup.conf" --create-ek-cert --create-platform-cert --lock-nvram --overwrite \
    > "$t/swtpm_setup.log" 2>&1 || die "$EXIT_TPM" "swtpm_setup failed: $(tail -3 "$t/swtpm_setup.log")"
  say "manufactured a TPM in $t (RSA 2048 and ECC P-384 EK certificates by $t/localca)"
}

swtpm_start() {  # two adjacent loopback ports (the swtpm TCTI finds control at server + 1)
  local t=$1 port attempt
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    if swtpm socket --tpm2 --daemon --pid "file=$t/swtpm.pid" --log "file=$t/swtpm.log" \
        --server "type=tcp,port=$port,bindaddr=127.0.0.1" --ctrl "type=tcp,port=$((port + 1)),bindaddr=127.0.0.1" \
        --tpmstate "dir=$t/state" --flags not-need-init,startup-clear 2>>"$t/swtpm.log"; then
      SWTPM_PID=$(cat "$t/swtpm.pid") SWTPM_PORT=$port SWTPM_CTRL_PORT=$((port + 1))
      TPM_PIDS+=(swtpm)
      return
    fi
  done
  die "$EXIT_TPM" "swtpm did not start after $attempt tries: $(tail -2 "$t/swtpm.log")"
}

abrmd_start() {  # tpm2-abrmd needs D-Bus: a private session bus, so nothing system-wide is touched
  local t=$1 bus name pid
  bus="$t/run/bus"
  mkdir -p "$t/run"
  rm -f "$bus"
  cat > "$t/run/dbus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=$bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
  pid=$(dbus-daemon --config-file="$t/run/dbus.conf" --fork --print-pid 2>"$t/run/dbus.log") || die "$EXIT_TPM" "dbus-daemon did not start"
  TPM_PIDS+=("$pid")
  export DBUS_SESSION_BUS_ADDRESS="unix:path=$bus"
  name="com.intel.tss2.Tabrmd.refdev$SWTPM_PORT"
  local root=()
  [ "$(id -u)" = 0 ] && root=(--allow-root)
  tpm2-abrmd --session --dbus-name="$name" --tcti="swtpm:host=127.0.0.1,port=$SWTPM_PORT" --flush-all "${root[@]}" \
    > "$t/run/abrmd.log" 2>&1 &
  TPM_PIDS+=($!)
  export TPM2TOOLS_TCTI="tabrmd:bus_type=session,bus_name=$name" TPM2OPENSSL_TCTI="tabrmd:bus_type=session,bus_name=$name"
  for _ in $(seq 100); do
    tpm2_getcap properties-fixed >/dev/null 2>&1 && return
    kill -0 "${TPM_PIDS[-1]}" 2>/dev/null || die "$EXIT_TPM" "tpm2-abrmd exited: $(tail -3 "$t/run/abrmd.log")"
    sleep 0.1
  done
  die "$EXIT_TPM" "tpm2-abrmd did not answer within 10 s"
}

# The OpenSSL configuration that makes any OpenSSL 3 program (openssl, mosquitto_*, python3's ssl)
# read a TSS2 PEM key file: the tpm2 provider activated, listed before default so its decoder and
# key management claim TSS2 keys; default stays for everything the TPM does not do.
write_openssl_conf() {
  cat > "$1" <<'EOF'
openssl_conf = openssl_init

[openssl_init]
providers = provider_sect

[provider_sect]
tpm2 = tpm2_sect
default = default_sect

[tpm2_sect]
activate = 1

[default_sect]
activate = 1
EOF
}

# --- TPM steps -----------------------------------------------------------------------------------

tpm() { "$@" > "$TPM_LOG" 2>&1 || die "$EXIT_TPM" "$1 failed: $(tail -3 "$TPM_LOG")"; }

persistent() { tpm2_getcap handles-persistent | grep -qix -- "- $1"; }
evict_if_present() { if persistent "$1"; then tpm tpm2_evictcontrol -C o -c "$1"; fi; }

# The storage primary key, made once and kept at SRK_HANDLE: the parent the TSS2 PEM file names.
ensure_srk() {
  persistent "$SRK_HANDLE" && return
  tpm tpm2_createprimary -C o -g sha256 -G ecc256:null:aes128cfb \
    -a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|restricted|decrypt|noda' -c "$WORK/srk.ctx"
  tpm tpm2_evictcontrol -C o -c "$WORK/srk.ctx" "$SRK_HANDLE"
}

# create_device_key DIR NAME: an ECC P-256 signing key under the SRK, never leaving the TPM,
# as NAME.pub (TPM2B_PUBLIC), NAME.priv (TPM2B_PRIVATE, wrapped by the SRK) and NAME.key.pem (TSS2 PEM).
create_device_key() {
  local dir=$1 name=$2
  tpm tpm2_create -C "$SRK_HANDLE" -g sha256 -G ecc256:ecdsa-sha256 \
    -a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign' -u "$dir/$name.pub" -r "$dir/$name.priv"
  tpm tpm2_encodeobject -C "$SRK_HANDLE" -u "$dir/$name.pub" -r "$dir/$name.priv" -o "$WORK/$name.tss2.pem"
  clear_empty_auth_false "$WORK/$name.tss2.pem" "$dir/$name.key.pem"
}

# tpm2_encodeobject (tpm2-tools 5.4) writes emptyAuth [0] EXPLICIT BOOLEAN FALSE although the key has no
# password; the tpm2 provider then asks for one and the key cannot sign unattended. The flag's bytes are
# a0 03 01 01 00 right after the TSS2 key OID 2.23.133.10.1.3 (06 06 67 81 05 0a 01 03); set it to TRUE.
clear_empty_auth_false() {
  local hex fixed
  hex=$(openssl base64 -d -in "$1" | xxd -p -c 100000 | tr -d '\n')
  fixed=${hex/06066781050a0103a003010100/06066781050a0103a0030101ff}
  [ "$fixed" != "$hex" ] || case $hex in *06066781050a0103a0030101ff*) ;; *) die "$EXIT_TPM" "$1: no emptyAuth flag where expected" ;; esac
  { echo '-----BEGIN TSS2 PRIVATE KEY-----'
    printf '%s' "$fixed" | xxd -r -p | openssl base64
    echo '-----END TSS2 PRIVATE KEY-----'; } > "$2"
  chmod 600 "$2"
}

# certify DIR NAME QUALIFYING-DATA-FILE: raw TPM2_Certify (Part 3, 18.2) of key NAME by the AK, with the
# qualifying data tpm2-tools 5.4's tpm2_certify cannot pass; writes NAME.certify-info (TPMS_ATTEST, without
# the TPM2B_ATTEST size) and NAME.certify-signature (TPMT_SIGNATURE). Through a resource manager every
# tpm2_* call is its own connection and its transient objects go with it, so tpm2_send can only name
# persistent handles: the key is persisted at SCRATCH_HANDLE for the command and evicted after.
certify() {
  local dir=$1 name=$2 qd rsp rc size params attest_size
  qd=$(hex_of "$3")
  evict_if_present "$SCRATCH_HANDLE"
  tpm tpm2_load -C "$SRK_HANDLE" -u "$dir/$name.pub" -r "$dir/$name.priv" -c "$WORK/$name.ctx"
  tpm tpm2_evictcontrol -C o -c "$WORK/$name.ctx" "$SCRATCH_HANDLE"
  # tag TPM_ST_SESSIONS | commandSize | TPM_CC_Certify | objectHandle | signHandle | authorizationSize (2 x 9)
  # | 2 x TPMS_AUTH_COMMAND{TPM_RS_PW, empty nonce, continueSession, empty hmac} | TPM2B_DATA qualifyingData
  # | TPMT_SIG_SCHEME inScheme = TPM_ALG_NULL (the AK's own scheme)
  printf '8002%08x%08x%08x%08x%08x%s%s%04x%s%04x' $((44 + ${#qd} / 2)) 0x148 "$SCRATCH_HANDLE" "$AK_HANDLE" 18 \
    400000090000010000 400000090000010000 $((${#qd} / 2)) "$qd" 0x0010 | xxd -r -p > "$WORK/certify.cmd"
  tpm tpm2_send -o "$WORK/certify.rsp" "$WORK/certify.cmd"
  evict_if_present "$SCRATCH_HANDLE"
  rsp=$(hex_of "$WORK/certify.rsp")
  # response: tag | responseSize | responseCode | parameterSize | TPM2B_ATTEST | TPMT_SIGNATURE | auth area
  rc=${rsp:12:8}
  [ "$rc" = 00000000 ] || die "$EXIT_TPM" "TPM2_Certify failed: response code 0x$rc"
  params=$((16#${rsp:20:8}))
  attest_size=$((16#${rsp:28:4}))
  size=$((params - 2 - attest_size))
  printf '%s' "${rsp:32:$((attest_size * 2))}" | xxd -r -p > "$dir/$name.certify-info"
  printf '%s' "${rsp:$((32 + attest_size * 2)):$((size * 2))}" | xxd -r -p > "$dir/$name.certify-signature"
}

# csr DIR NAME SUBJECT-CN: PKCS#10 (DER) signed inside the TPM by the tpm2 provider (OPENSSL_CONF).
csr() {
  openssl req -new -key "$1/$2.key.pem" -subj "/CN=$3" -outform DER -out "$1/$2.csr.der" > "$TPM_LOG" 2>&1 \
    || die "$EXIT_TPM" "openssl req with the TPM key failed: $(tail -3 "$TPM_LOG")"
}

# --- MQTT ----------------------------------------------------------------------------------------

# request TOPIC PAYLOAD-FILE TOKEN [--cert FILE --key FILE]: one MQTT 5 connection (client id = device id)
# subscribes to TOPIC/accepted and TOPIC/rejected, then publishes; prints the reply's topic and payload.
request() {
  local topic=$1 payload=$2 tok=$3
  shift 3
  "$PYTHON" "$REFDEV_HOME/mqtt-request.py" --host "$HOST" --port "$PORT" --cafile "$CAFILE" --client-id "$DEVICE_ID" \
    --publish "$topic" --payload-file "$payload" --reply "$topic/accepted" --reply "$topic/rejected" \
    --client-token "$tok" --timeout "$TIMEOUT" "$@"
}

# on_rejection REPLY-PAYLOAD STEP: report a Rejection by its code's area (firmware-contracts/README.md).
on_rejection() {
  local code reason
  code=$(jq -r .code <<<"$1") reason=$(jq -r .reason <<<"$1")
  if [ "$code" = 303 ]; then
    revoked "renewal refused CERTIFICATE_REVOKED (303): $reason"
  fi
  case ${code:0:1} in
    1) say "$2 refused $code ($reason): the message breaks the contract; fix it" ;;
    2) say "$2 refused $code ($reason): attest again or ask the operator to allow this TPM" ;;
    3) say "$2 refused $code ($reason): fix the key or CSR, or enroll again" ;;
    4) say "$2 refused $code ($reason): back off, or attest again" ;;
    *) say "$2 refused $code ($reason): retry later with backoff" ;;
  esac
  exit "$EXIT_REFUSED"
}

# revoked WHY: a revoked device stops for good: it records why and neither renews nor reconnects.
revoked() {
  say "REVOKED: $1"
  printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" > "$DIR/REVOKED"
  exit "$EXIT_REVOKED"
}

refuse_if_revoked() {
  [ ! -f "$DIR/REVOKED" ] || die "$EXIT_REVOKED" "this device was revoked ($(cat "$DIR/REVOKED")); it stays stopped"
}

# store_bundle PAYLOAD: the CredentialBundle's certificate and chain as PEM files.
store_bundle() {
  local i n
  jq -r .certificate <<<"$1" > "$WORK/cert.b64"
  b64url_decode "$(cat "$WORK/cert.b64")" "$WORK/cert.der"
  openssl x509 -inform DER -in "$WORK/cert.der" -out "$DIR/device.crt.pem"
  : > "$DIR/chain.pem"
  n=$(jq '.chain | length' <<<"$1")
  for ((i = 0; i < n; i++)); do
    b64url_decode "$(jq -r ".chain[$i]" <<<"$1")" "$WORK/ca.der"
    openssl x509 -inform DER -in "$WORK/ca.der" >> "$DIR/chain.pem"
  done
  jq -c '{notAfter, renewAfter}' <<<"$1" > "$DIR/renewal.json"
}

serial_of() { openssl x509 -in "$1" -noout -serial | cut -d= -f2 | tr 'A-F' 'a-f' | sed 's/^0*//'; }

# --- options every script takes ------------------------------------------------------------------

# parse_options USAGE "$@": sets DIR DEVICE_ID HOST PORT CAFILE TCTI TIMEOUT EK NEW_KEY.
parse_options() {
  local usage=$1
  shift
  DIR='' DEVICE_ID='' HOST=127.0.0.1 PORT=8883 CAFILE='' TCTI='' TIMEOUT=30 EK=rsa NEW_KEY=0
  while [ $# -gt 0 ]; do
    case $1 in
      --dir) DIR=$2; shift 2 ;;
      --device-id) DEVICE_ID=$2; shift 2 ;;
      --host) HOST=$2; shift 2 ;;
      --port) PORT=$2; shift 2 ;;
      --cafile) CAFILE=$2; shift 2 ;;
      --tcti) TCTI=$2; shift 2 ;;
      --timeout) TIMEOUT=$2; shift 2 ;;
      --ek) EK=$2; shift 2 ;;
      --new-key) NEW_KEY=1; shift ;;
      -h|--help) echo "$usage"; exit 0 ;;
      *) die "$EXIT_USAGE" "unknown option $1; $usage" ;;
    esac
  done
  [ -n "$DIR" ] || die "$EXIT_USAGE" "--dir is required; $usage"
  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd)
  case $EK in rsa|ecc256|ecc384) ;; *) die "$EXIT_USAGE" "--ek must be rsa, ecc256 or ecc384, not $EK" ;; esac
  WORK=$(mktemp -d "$DIR/work.XXXXXX")
  TPM_LOG="$WORK/tpm.log"
  trap 'tpm_down; rm -rf "$WORK"' EXIT
  trap 'exit 143' TERM INT   # so that SIGTERM too runs the EXIT trap and stops what the script started
}

require_gateway_options() {
  [ -n "$DEVICE_ID" ] || die "$EXIT_USAGE" "--device-id is required"
  [[ $DEVICE_ID =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ && $DEVICE_ID != ca ]] \
    || die "$EXIT_USAGE" "'$DEVICE_ID' is not a device id (1 to 64 of [A-Za-z0-9._-], starting with a letter or digit, not 'ca')"
  [ -f "$CAFILE" ] || die "$EXIT_USAGE" "--cafile must name the gateway's CA chain (PEM), e.g. gateway-ca-chain.pem"
}

# The EK, re-derived from the TPM's endorsement seed by the TCG template for --ek: ek.ctx for this run and
# ek.pub (TPM2B_PUBLIC) in DIR. rsa and ecc256 are the low-range templates (policy-only EKs: using them
# needs PolicySecret(TPM_RH_ENDORSEMENT)); ecc384 is the high-range template (userWithAuth, empty password).
create_ek() {
  local alg=$EK
  [ "$EK" = ecc256 ] && alg=ecc
  tpm tpm2_createek -c "$WORK/ek.ctx" -G "$alg" -u "$DIR/ek.pub" -f tss
  case $EK in
    rsa) EK_CERT_INDEX=0x01c00002 EK_NEEDS_POLICY=1 ;;
    ecc256) EK_CERT_INDEX=0x01c0000a EK_NEEDS_POLICY=1 ;;
    ecc384) EK_CERT_INDEX=0x01c00016 EK_NEEDS_POLICY=0 ;;
  esac
}
