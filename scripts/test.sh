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

# A vitest project as a stage. A project whose prerequisite is missing counts
# as failed, never as skipped: CI must not go green on tests that did not run.
project_stage() {
  local name="$1" project="$2" ready="$3" missing="$4"
  if $ready; then
    run "$name" npx vitest run --project "$project" \
      --reporter=default --reporter=json --outputFile.json="$results/$project.json"
  else
    echo "==> $name: not run ($missing)" >&2
    failed+=("$name")
  fi
}

run "typecheck" npx tsc --noEmit
project_stage "unit tests" unit true ""
project_stage "integration tests" integration "$image_ok" "no Docker engine or image"
# The differential suites on a 3-node cluster (6 shards per index, 1 GB heaps):
# its own three nodes, after the integration node has stopped.
project_stage "multinode tests" multinode "$image_ok" "no Docker engine or image"
# A secured node (TLS, users, dac's roles): its own node, after the integration one has stopped.
project_stage "secure tests" secure "$secure_image_ok" "no Docker engine or secure image"

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
