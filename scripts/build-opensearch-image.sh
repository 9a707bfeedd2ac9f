#!/usr/bin/env bash
# Builds the local image dac/opensearch:<version>: a real OpenSearch node with
# the lang-painless and lang-mustache modules and the job-scheduler plugin,
# made only from Debian packages and Maven Central (no container registry is
# reachable). It has NO Alerting plugin unless one is supplied: Maven Central
# does not publish Alerting (see docs/opensearch-image.md), and this recipe
# never builds it.
#
#   1. base image: Debian rootfs (debootstrap minbase + OpenJDK 17 JRE), `docker import`
#   2. OpenSearch: integ-test zip + module folders assembled from Maven jars
#   3. plugins: job-scheduler zip; Alerting only from $DAC_ALERTING_PLUGIN_ZIP
#      or, should Central ever serve it, org.opensearch.plugin:alerting:<v>:zip;
#      with --secure also the security plugin
#      (org.opensearch.plugin:opensearch-security:<v>:zip) and dac's
#      demo-free security configuration (scripts/opensearch-image/security/)
#   4. `docker build` (no pulls): opensearch-plugin install, non-root user,
#      labels dac.plugins / dac.alerting say what went in
#
# Cached: downloads and the rootfs tarball live under .cache/opensearch-image/,
# and the image carries a label with a hash of this recipe (and of a supplied
# Alerting zip), so a rerun with everything present returns in about a second.
#
# Usage: scripts/build-opensearch-image.sh [--secure] [--force] [--print-image] [--tag IMAGE]
#   --secure       build dac/opensearch-secure:<version> instead: TLS, users and
#                  roles (security plugin). Its nodes need certificates and
#                  users generated at start (src/cluster/secure-node.ts); the
#                  default image is not touched
#   --force        rebuild the image even if one with the same recipe exists
#   --print-image  only print the image name this recipe produces
#   --tag IMAGE    build under another name (e.g. an Alerting-enabled variant
#                  next to the default image; select it with DAC_OPENSEARCH_IMAGE)
# Environment: DAC_ALERTING_PLUGIN_ZIP=/path/opensearch-alerting-<v>.0.zip
set -euo pipefail
shopt -s inherit_errexit
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
recipe_dir="$root/scripts/opensearch-image"
# shellcheck source=scripts/opensearch-image/versions.env
. "$recipe_dir/versions.env"
# shellcheck source=scripts/opensearch-image/lib.sh
. "$recipe_dir/lib.sh"

image=""
secure=false
force=false
print=false
while [ $# -gt 0 ]; do
  case "$1" in
    --secure) secure=true ;;
    --force) force=true ;;
    --print-image) print=true ;;
    --tag) [ $# -ge 2 ] || { echo "--tag needs an image name" >&2; exit 2; }; image="$2"; shift ;;
    *) echo "usage: $0 [--secure] [--force] [--print-image] [--tag IMAGE]" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$image" ]; then
  if $secure; then image="$SECURE_IMAGE_REPO:$OPENSEARCH_VERSION"; else image="$IMAGE_REPO:$OPENSEARCH_VERSION"; fi
fi
if $print; then echo "$image"; exit 0; fi

cache="${DAC_IMAGE_CACHE:-$root/.cache/opensearch-image}"
mkdir -p "$cache"
# Serialise concurrent builds (the test global set-up and `dac cluster start`
# may both ask for the image).
exec 9>"$cache/.lock"
flock 9

# A supplied Alerting zip is part of the recipe: changing it rebuilds.
if [ -n "${DAC_ALERTING_PLUGIN_ZIP:-}" ] && [ ! -s "$DAC_ALERTING_PLUGIN_ZIP" ]; then
  log "DAC_ALERTING_PLUGIN_ZIP=$DAC_ALERTING_PLUGIN_ZIP is not a file"; exit 1
fi
alerting_input="${DAC_ALERTING_PLUGIN_ZIP:+$(sha256sum "$DAC_ALERTING_PLUGIN_ZIP" | cut -c1-64)}"
recipe_hash="$( { cat "$0" "$recipe_dir"/versions.env "$recipe_dir"/lib.sh "$recipe_dir"/Dockerfile \
  "$recipe_dir"/docker-entrypoint.sh "$recipe_dir"/opensearch.yml; echo "alerting=$alerting_input"
  if $secure; then echo "secure"; cat "$recipe_dir"/security/*.yml; fi; } | sha256sum | cut -c1-16)"

if ! $force && [ "$(docker image inspect -f '{{ index .Config.Labels "dac.recipe" }}' "$image" 2>/dev/null)" = "$recipe_hash" ]; then
  log "$image is up to date (recipe $recipe_hash)"
  exit 0
fi

started=$SECONDS
previous_id="$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
"$root/scripts/ensure-docker.sh"
ensure_build_tools

# 1. Base image ------------------------------------------------------------
build_base_image "$cache"

# 2. OpenSearch home -------------------------------------------------------
ctx="$cache/context"
rm -rf "$ctx"
mkdir -p "$ctx/plugins"
dist_zip="$(fetch_maven org.opensearch.distribution.integ-test-zip:opensearch:"$OPENSEARCH_VERSION":zip)"
step "unpacking $(basename "$dist_zip")"
unzip -q "$dist_zip" -d "$ctx"
mv "$ctx/opensearch-$OPENSEARCH_VERSION" "$ctx/opensearch"
home="$ctx/opensearch"

assemble_module "$home/modules/lang-painless" org.opensearch.plugin:lang-painless:"$OPENSEARCH_VERSION" \
  lang-painless org.opensearch.painless.PainlessPlugin \
  "An easy, safe and fast scripting language for OpenSearch"
# Painless compiles scripts into classes of its own loader, and finds
# whitelisted classes through other loaders.
write_policy "$home/modules/lang-painless" \
  'permission java.lang.RuntimePermission "createClassLoader";' \
  'permission java.lang.RuntimePermission "getClassLoader";'

assemble_module "$home/modules/lang-mustache" org.opensearch.plugin:lang-mustache-client:"$OPENSEARCH_VERSION" \
  lang-mustache org.opensearch.script.mustache.MustachePlugin \
  "Mustache scripting integration for OpenSearch"
# mustache.java reflects over the objects it renders.
write_policy "$home/modules/lang-mustache" \
  'permission java.lang.RuntimePermission "accessDeclaredMembers";'

# 3. Plugins ---------------------------------------------------------------
# Part of the official distribution (Security Analytics and others schedule
# jobs through it); Alerting has its own scheduler and does not need it.
job_scheduler_zip="$(fetch_maven org.opensearch.plugin:opensearch-job-scheduler:"$JOB_SCHEDULER_VERSION":zip)"
cp "$job_scheduler_zip" "$ctx/plugins/"
plugins="opensearch-job-scheduler"
alerting_source="$(alerting_plugin_zip "$ctx/plugins")"
[ "$alerting_source" != none ] && plugins="$plugins,opensearch-alerting"
# The Dockerfile copies security/ into config/opensearch-security/ when the
# security plugin was installed; it stays empty for the default image.
mkdir -p "$ctx/security"
cp "$recipe_dir/opensearch.yml" "$ctx/"
if $secure; then
  security_zip="$(fetch_maven org.opensearch.plugin:opensearch-security:"$SECURITY_VERSION":zip)"
  cp "$security_zip" "$ctx/plugins/"
  plugins="$plugins,opensearch-security"
  cp "$recipe_dir"/security/*.yml "$ctx/security/"
  rm "$ctx/security/opensearch-security.yml"
  cat "$recipe_dir/security/opensearch-security.yml" >>"$ctx/opensearch.yml"
fi

# 4. Image -----------------------------------------------------------------
cp "$recipe_dir/Dockerfile" "$recipe_dir/docker-entrypoint.sh" "$ctx/"
step "docker build $image (plugins: $plugins)"
docker build -q \
  --build-arg BASE_IMAGE="$BASE_IMAGE" \
  --label dac.recipe="$recipe_hash" \
  --label dac.opensearch.version="$OPENSEARCH_VERSION" \
  --label dac.plugins="$plugins" \
  --label dac.alerting="$alerting_source" \
  --label dac.security="$($secure && echo on || echo off)" \
  -t "$image" "$ctx" >/dev/null
rm -rf "$ctx"
# Drop the image this one replaces, unless a container or another tag still uses it.
if [ -n "$previous_id" ] && [ "$previous_id" != "$(docker image inspect -f '{{.Id}}' "$image")" ]; then
  docker rmi "$previous_id" >/dev/null 2>&1 || true
fi
log "built $image in $((SECONDS - started))s ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1000000}'), plugins: $plugins, alerting: $alerting_source)"
