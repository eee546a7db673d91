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

echo "== type check"
npx tsc --noEmit -p tsconfig.json
echo "== build"
npx next build >/dev/null
echo "== unit and integration tests"
npx vitest run
echo "== end-to-end tests"
npx playwright test
echo "== Node 24: unit tests and a start-up smoke test"
NODE24="$(bash scripts/install-node24.sh)"
"$NODE24" node_modules/vitest/vitest.mjs run --config vitest.unit.config.ts
"$NODE24" --import tsx scripts/smoke-start.ts
if [ "$(tracked_state)" != "$BEFORE" ]; then
  echo "The test command changed tracked files:" >&2
  git diff --stat HEAD >&2
  exit 1
fi
