#!/usr/bin/env bash
# Opens the Edge Provisioner console (needs a display). Arguments prefill the connect screen:
#   provisioner-ui/console.sh --gateway localhost:8883 --certificate alice.p12
# The password is asked for in the window, never taken from the command line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
args=$(printf '%q ' "$@")
exec mvn -B -q -pl provisioner-ui -am -DskipTests -Dexec.args="$args" compile exec:java
