#!/usr/bin/env bash
# The replay benchmark (infra/bench/README.md): builds the standalone app and the harness, then
#   infra/bench/replay.sh --events 1000000 --profiles configured,batched-100
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
./mvnw -q -B package -pl infra/bench -am -DskipTests
exec java -jar infra/bench/target/parley-bench-exec.jar replay "$@"
