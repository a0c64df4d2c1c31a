#!/usr/bin/env bash
# Retakes docs/screenshots/*.png: a real gateway with a simulated fleet (300 devices by default), the real
# console in a real window under Xvfb (Debian: apt-get install -y xvfb libgtk-3-0), one PNG per main screen.
#   provisioner-ui/screenshots.sh [DEVICES]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v xvfb-run >/dev/null || { echo "screenshots.sh: xvfb-run is missing: apt-get install -y xvfb libgtk-3-0" >&2; exit 1; }
mvn -B -q -pl tests -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/screenshots.classpath -Dmdep.includeScope=test
cp="tests/target/test-classes:tests/target/classes:$(cat tests/target/screenshots.classpath)"
exec xvfb-run -a -s "-screen 0 1280x800x24" java -cp "$cp" io.edgeprov.tests.e2e.ConsoleScreenshots docs/screenshots "${1:-300}"
