#!/bin/sh
# Called by the Maven build: runs the machine's npm for one step of the frontend build.
set -eu
cd "$(dirname "$0")"
case "$1" in
  install)
    # npm ci only when the lock file changed since the last install: keeps rebuilds fast.
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      npm ci --no-audit --no-fund
    fi
    ;;
  build) npm run build ;;
  test) npm test ;;
  *) echo "usage: npm-step.sh install|build|test" >&2; exit 2 ;;
esac
