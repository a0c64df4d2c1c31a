#!/usr/bin/env bash
# The technician's step before a device can enroll: print the SHA-256 of the TPM's EK public area
# (TPM2B_PUBLIC, what `edge-provisioner allow --device ID --ek-sha256 HEX` takes; `sha256sum ek.pub`).
# Without --tcti the TPM is an swtpm manufactured in DIR/tpm on first use.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
parse_options "usage: identify.sh --dir DIR [--ek rsa|ecc256|ecc384] [--tcti TCTI]" "$@"
require_common
tpm_up "$DIR" "$TCTI"
create_ek
sha256_file "$DIR/ek.pub"
