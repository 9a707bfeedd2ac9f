#!/usr/bin/env bash
# Idempotent: installs node_modules from package-lock.json when absent or older
# than the lock file. Node 22 arrives as the `node` devDependency.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
stamp=node_modules/.dac-installed
if [ ! -x node_modules/.bin/node ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "dac: installing npm dependencies (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  touch "$stamp"
fi
