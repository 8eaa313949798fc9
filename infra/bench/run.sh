#!/usr/bin/env bash
# One load scenario of issue 8 (infra/bench/README.md): builds the standalone app and the harness,
# then runs the scenario and writes docs/perf/<scenario>.md, .json and .html, e.g.
#   infra/bench/run.sh latency --users 1000 --rate 200 --seconds 20
# Scenarios: latency, throughput, fanout, history, idle, coldstart, idle-direct, groups, overload,
# separate-push, ejabberd (replay: infra/bench/replay.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [[ "${PARLEY_BENCH_SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -q -B package -pl infra/bench -am -DskipTests
fi
# The harness is the load generator: it holds every client socket, hence the heap.
exec java -Xmx4g -jar infra/bench/target/parley-bench-exec.jar "$@"
