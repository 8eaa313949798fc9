#!/bin/sh
# Browser tests against the real standalone app: starts the exec jar on a free port with a
# throw-away data directory, waits for health, runs Playwright in the system Chromium, and always
# stops the app (and checks that nothing it started is left running).
# Usage: frontend/e2e/run.sh [playwright args]   (PARLEY_JAR overrides the jar path)
# From Maven: runs in infra/standalone's integration-test phase; -DskipTests or -DskipE2e=true skip it.
set -eu
if [ "${PARLEY_E2E_SKIP:-}" = "true" ]; then
  echo "e2e: skipped (-DskipE2e=true)"
  exit 0
fi
FRONTEND=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$FRONTEND/.." && pwd)
JAR=${PARLEY_JAR:-$ROOT/infra/standalone/target/parley-standalone-exec.jar}
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
cd "$FRONTEND"

[ -f "$JAR" ] || { echo "e2e: no app jar at $JAR (build it with ./mvnw package first)" >&2; exit 1; }
[ -x "$CHROMIUM" ] || { echo "e2e: no Chromium at $CHROMIUM (apt-get install -y chromium chromium-driver)" >&2; exit 1; }
[ -x node_modules/.bin/playwright ] || { echo "e2e: run npm ci in frontend/ first" >&2; exit 1; }

PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
DATA=$(mktemp -d "${TMPDIR:-/tmp}/parley-e2e.XXXXXX")
mkdir -p test-results
LOG=test-results/standalone.log

# PARLEY_TEST_JVM: JVM options for the app and its CQL node (from Maven: the build's C1-only
# setting, docs/adr/0215).
# shellcheck disable=SC2086
PARLEY_PORT=$PORT PARLEY_ADMIN_PORT=0 PARLEY_DATA_DIR=$DATA PARLEY_CQL_JAVA_OPTS="${PARLEY_TEST_JVM:-}" \
  java ${PARLEY_TEST_JVM:-} -jar "$JAR" >"$LOG" 2>&1 &
APP=$!

stop_app() {
  status=$?
  trap - EXIT INT TERM
  if kill -0 "$APP" 2>/dev/null; then
    kill -TERM "$APP" 2>/dev/null || true
    i=0
    while kill -0 "$APP" 2>/dev/null && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
    if kill -0 "$APP" 2>/dev/null; then
      echo "e2e: the app did not stop within 60 s; killing pid $APP" >&2
      kill -KILL "$APP" 2>/dev/null || true
    fi
  fi
  wait "$APP" 2>/dev/null || true
  # Anything still running from this run's data directory (the forked CQL node) is a leak.
  left=$(pgrep -f "$DATA" 2>/dev/null || true)
  if [ -n "$left" ]; then
    echo "e2e: processes left after stopping the app: $left; stopping them" >&2
    for pid in $left; do kill -TERM "$pid" 2>/dev/null || true; done
    sleep 5
    for pid in $left; do kill -KILL "$pid" 2>/dev/null || true; done
    [ $status -eq 0 ] && status=1
  fi
  rm -rf "$DATA"
  exit $status
}
trap stop_app EXIT INT TERM

echo "e2e: starting the app on port $PORT (log: frontend/$LOG)"
deadline=$(( $(date +%s) + 240 ))
healthy() {
  node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(5000) }).then((r) => r.json()).then((b) => process.exit(b.status === "UP" ? 0 : 1), () => process.exit(1))' \
    "http://localhost:$PORT/actuator/health"
}
until healthy; do
  if ! kill -0 "$APP" 2>/dev/null; then
    echo "e2e: the app exited during start-up; last log lines:" >&2
    tail -n 40 "$LOG" >&2
    exit 1
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "e2e: the app was not healthy within 240 s; last log lines:" >&2
    tail -n 40 "$LOG" >&2
    exit 1
  fi
  sleep 1
done
echo "e2e: app is up; running Playwright"

if [ "${PARLEY_E2E_LAN:-true}" != "only" ]; then
  PARLEY_URL="http://localhost:$PORT" CHROMIUM_PATH="$CHROMIUM" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    node_modules/.bin/playwright test "$@"
fi

# Once more through the machine's own non-loopback address: plain http there is not a secure
# context, so APIs such as crypto.randomUUID are missing (docs/adr/0086). Only with no arguments,
# i.e. the full run; PARLEY_E2E_LAN=false skips it, PARLEY_E2E_LAN=only runs nothing else.
LAN=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+(\.[0-9]+){3}$' | grep -v '^127\.' | head -n 1 || true)
if { [ $# -eq 0 ] || [ "${PARLEY_E2E_LAN:-}" = "only" ]; } && [ "${PARLEY_E2E_LAN:-true}" != "false" ] && [ -n "$LAN" ]; then
  echo "e2e: the two-user chat once more through http://$LAN:$PORT (not a secure context)"
  PARLEY_URL="http://$LAN:$PORT" CHROMIUM_PATH="$CHROMIUM" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    node_modules/.bin/playwright test chat.spec.ts -g 'two users chat'
fi
