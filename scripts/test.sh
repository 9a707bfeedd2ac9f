#!/usr/bin/env bash
# The project's test command (README and .ci/run call exactly this). Works on a
# fresh machine: installs npm dependencies, a Docker engine and builds the local
# OpenSearch images (plain and secured) when missing, then type-checks and runs
# the unit, integration, multinode and secure projects. Every stage runs even
# after a failure; the exit status is non-zero when any failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 1

failed=()
run() {
  local name="$1"; shift
  local t0=$SECONDS
  echo "==> $name" >&2
  if "$@"; then
    echo "==> $name: ok ($((SECONDS - t0))s)" >&2
  else
    echo "==> $name: FAILED ($((SECONDS - t0))s)" >&2
    failed+=("$name")
  fi
}

# Without dependencies nothing else can run.
scripts/ensure-deps.sh || { echo "test.sh: npm dependencies could not be installed" >&2; exit 1; }

results="$root/.dac/test-results"
rm -rf "$results"
mkdir -p "$results"

run "docker engine" scripts/ensure-docker.sh
docker_ok=$([ "${#failed[@]}" -eq 0 ] && echo true || echo false)
if $docker_ok; then
  run "opensearch image" scripts/build-opensearch-image.sh
fi
image_ok=$([ "${#failed[@]}" -eq 0 ] && echo true || echo false)
secure_image_ok=false
if $image_ok; then
  run "opensearch secure image" scripts/build-opensearch-image.sh --secure
  secure_image_ok=$([ "${#failed[@]}" -eq 0 ] && echo true || echo false)
fi

run "typecheck" npx tsc --noEmit
run "unit tests" npx vitest run --project unit \
  --reporter=default --reporter=json --outputFile.json="$results/unit.json"
if $image_ok; then
  run "integration tests" npx vitest run --project integration \
    --reporter=default --reporter=json --outputFile.json="$results/integration.json"
else
  echo "==> integration tests: not run (no Docker engine or image)" >&2
  failed+=("integration tests")
fi
# The differential suites on a 3-node cluster (6 shards per index, 1 GB heaps):
# its own three nodes, after the integration node has stopped.
if $image_ok; then
  run "multinode tests" npx vitest run --project multinode \
    --reporter=default --reporter=json --outputFile.json="$results/multinode.json"
else
  echo "==> multinode tests: not run (no Docker engine or image)" >&2
  failed+=("multinode tests")
fi
# A secured node (TLS, users, dac's roles): its own node, after the integration one has stopped.
if $secure_image_ok; then
  run "secure tests" npx vitest run --project secure \
    --reporter=default --reporter=json --outputFile.json="$results/secure.json"
else
  echo "==> secure tests: not run (no Docker engine or secure image)" >&2
  failed+=("secure tests")
fi

# One closing line with the real test counts of the four projects.
# shellcheck disable=SC2016 # JavaScript, not shell
"$root/node_modules/.bin/node" -e '
  let passed = 0, failed = 0;
  for (const f of process.argv.slice(1)) {
    try { const r = require(f); passed += r.numPassedTests; failed += r.numFailedTests; } catch {}
  }
  console.log(`tests: ${passed} passed, ${failed} failed`);
' "$results/unit.json" "$results/integration.json" "$results/multinode.json" "$results/secure.json"

if [ "${#failed[@]}" -gt 0 ]; then
  echo "test.sh: failed: ${failed[*]}" >&2
  exit 1
fi
echo "test.sh: all stages passed" >&2
