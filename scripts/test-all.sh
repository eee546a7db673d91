#!/usr/bin/env bash
# Everything the tests need, then every test: type check, unit + integration (vitest, real Postgres and
# HTTP), end-to-end (Playwright in Debian's Chromium), then the unit tests and a start-up smoke test again
# under Node 24 (installed from the npm registry by scripts/install-node24.sh). Used by the README and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests…"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# Tests build into their own directory so a developer's running server keeps its build.
export WARDEN_DIST_DIR="${WARDEN_DIST_DIR:-.next-test}"
export NEXT_TELEMETRY_DISABLED=1

# The test command must leave a clone as it found it (it once rewrote tsconfig.json): tracked files are
# compared before and after the run.
tracked_state() { git diff --no-ext-diff HEAD 2>/dev/null | sha1sum; }
BEFORE="$(tracked_state)"

# Steps that need nothing from each other run side by side: the type check while the build runs, the
# Node 24 download while the tests run. Their output goes to a log each, shown in order when the step is
# checked (the whole log when it failed), so the output reads as if they had run one after the other.
LOGS="$(mktemp -d)"
BACKGROUND=()
cleanup() {
  for pid in "${BACKGROUND[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$LOGS"
}
trap cleanup EXIT
bash scripts/install-node24.sh >"$LOGS/node24.path" 2>"$LOGS/node24.log" &
NODE24_PID=$!
BACKGROUND+=("$NODE24_PID")
npx tsc --noEmit -p tsconfig.json >"$LOGS/tsc.log" 2>&1 &
TSC_PID=$!
BACKGROUND+=("$TSC_PID")

echo "== build (the type check runs meanwhile)"
npx next build >/dev/null
echo "== type check"
if ! wait "$TSC_PID"; then
  cat "$LOGS/tsc.log"
  echo "type check failed" >&2
  exit 1
fi
cat "$LOGS/tsc.log"
echo "== unit and integration tests"
npx vitest run
echo "== end-to-end tests"
npx playwright test
echo "== Node 24: unit tests and a start-up smoke test"
if ! wait "$NODE24_PID"; then
  cat "$LOGS/node24.log" >&2
  echo "installing Node 24 failed" >&2
  exit 1
fi
NODE24="$(cat "$LOGS/node24.path")"
"$NODE24" node_modules/vitest/vitest.mjs run --config vitest.unit.config.ts
"$NODE24" --import tsx scripts/smoke-start.ts
if [ "$(tracked_state)" != "$BEFORE" ]; then
  echo "The test command changed tracked files:" >&2
  git diff --stat HEAD >&2
  exit 1
fi
