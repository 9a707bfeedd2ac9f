#!/usr/bin/env bash
# Idempotent: installs node_modules from package-lock.json when absent or when
# the lock file's content differs from the one last installed. Node 22 arrives
# as the `node` devDependency.
#
# The stamp holds the lock file's hash rather than relying on mtimes: a
# checkout or `touch` that leaves the lock unchanged must not wipe
# node_modules under a test run that is using it. Concurrent callers (./dac
# from several terminals, test.sh and a CLI child) serialise on a lock, and the
# second one re-checks before installing again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
stamp=node_modules/.dac-installed
wanted="$(sha256sum package-lock.json | cut -d' ' -f1)"
installed() { [ -x node_modules/.bin/node ] && [ "$(cat "$stamp" 2>/dev/null || true)" = "$wanted" ]; }
installed && exit 0
mkdir -p .dac
exec 9>.dac/npm-install.lock
flock 9
installed && exit 0
echo "dac: installing npm dependencies (npm ci)..." >&2
npm ci --no-audit --no-fund --loglevel=error >&2
echo "$wanted" >"$stamp"
