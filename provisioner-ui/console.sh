#!/usr/bin/env bash
# Opens the Edge Provisioner console (needs a display). Arguments prefill the connect screen:
#   provisioner-ui/console.sh --gateway localhost:8883 --certificate alice.p12
# The password is asked for in the window, never taken from the command line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -pl provisioner-ui -am -DskipTests compile dependency:build-classpath \
    -Dmdep.outputFile=target/console.classpath -Dmdep.includeScope=runtime
exec java -cp "provisioner-ui/target/classes:$(cat provisioner-ui/target/console.classpath)" io.edgeprov.ui.ConsoleLauncher "$@"
