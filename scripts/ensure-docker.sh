#!/usr/bin/env bash
# Idempotent: makes sure a Docker engine answers on this machine. Installs
# docker.io (and debootstrap, which build-opensearch-image.sh needs) from
# Debian when missing, starts dockerd in the background when it is not
# running, and waits until `docker info` succeeds. Never assumes an engine is
# already there: CI runs on a fresh machine with neither installed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log_dir="${DAC_DOCKERD_LOG_DIR:-$root/.dac}"
log_file="$log_dir/dockerd.log"

say() { echo "ensure-docker: $*" >&2; }

if docker info >/dev/null 2>&1; then
  exit 0
fi

# DOCKER_HOST names an engine elsewhere (a remote host, rootless or a CI
# service): starting a local dockerd would not make that one answer, so say
# which engine is unreachable instead of installing one nobody asked for.
if [ -n "${DOCKER_HOST:-}" ]; then
  say "the Docker engine at DOCKER_HOST=${DOCKER_HOST//\/\/*@/\/\/***@} does not answer (\`docker info\` failed); start it or unset DOCKER_HOST to use a local engine"
  exit 1
fi

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    say "need root to install ${missing[*]}"; exit 1
  fi
  say "installing ${missing[*]} (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive
  apt_get() { apt-get -o DPkg::Lock::Timeout=300 "$@"; }
  # Try without an update first (fast when the lists are current); update once
  # and retry when a package cannot be found.
  if ! apt_get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    apt_get update -qq >/dev/null
    apt_get install -y --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# Another process (a parallel run) may have started dockerd meanwhile.
if ! pgrep -x dockerd >/dev/null 2>&1; then
  # A dockerd killed with the previous session leaves its pid file behind,
  # and a new one refuses to start while it exists.
  rm -f /var/run/docker.pid
  mkdir -p "$log_dir"
  say "starting dockerd (log: $log_file)..."
  # setsid: the engine must outlive this script and the shell that ran it.
  setsid nohup dockerd >>"$log_file" 2>&1 </dev/null &
fi

for _ in $(seq 1 120); do
  if docker info >/dev/null 2>&1; then
    say "docker engine is up"
    exit 0
  fi
  sleep 0.5
done
say "dockerd did not answer within 60s; last log lines:"
tail -n 30 "$log_file" >&2 || true
exit 1
