#!/bin/bash
# Starts OpenSearch in the foreground. Like the official image's entry point,
# every environment variable whose name contains a dot (discovery.type=...,
# plugins.alerting....) becomes a `-E name=value` setting, so callers can
# configure both images the same way. DISABLE_SECURITY_PLUGIN and
# DISABLE_INSTALL_DEMO_CONFIG are accepted and ignored: this image has no
# security plugin.
set -euo pipefail
cd "$OPENSEARCH_HOME"
settings=()
while IFS='=' read -r -d '' name value; do
  if [[ "$name" =~ ^[a-z0-9_]+\.[a-z0-9_.]+$ ]]; then
    # The image already sets single-node discovery in opensearch.yml.
    [ "$name" = "discovery.type" ] && [ "$value" = "single-node" ] && continue
    settings+=("-E" "$name=$value")
  fi
done < <(env -0)
exec bin/opensearch "${settings[@]}" "$@"
