#!/bin/bash
# Starts OpenSearch in the foreground. Like the official image's entry point,
# every environment variable whose name contains a dot (discovery.type=...,
# plugins.alerting....) becomes a `-E name=value` setting, so callers can
# configure both images the same way. DISABLE_SECURITY_PLUGIN=true turns the
# security plugin off where it is installed (dac/opensearch-secure), as on the
# official image; DISABLE_INSTALL_DEMO_CONFIG is accepted and ignored (no demo
# configuration is ever installed).
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
# Certificates and users made for this node are staged in /tmp/dac-secure by
# whoever created the container (copied in as root, 0644): installed here as
# the node's user with mode 0600, as the security plugin wants them.
staged=/tmp/dac-secure
if [ -d plugins/opensearch-security ] && [ -d "$staged" ]; then
  install -d -m 0700 config/certs
  install -m 0600 "$staged/root-ca.pem" "$staged/node.pem" "$staged/node-key.pem" config/certs/
  install -m 0600 "$staged/internal_users.yml" config/opensearch-security/internal_users.yml
fi
if [ -d plugins/opensearch-security ]; then
  if [ "${DISABLE_SECURITY_PLUGIN:-false}" = "true" ]; then
    settings+=("-E" "plugins.security.disabled=true")
  elif [ ! -s config/certs/node.pem ] || [ ! -s config/certs/node-key.pem ] || [ ! -s config/certs/root-ca.pem ]; then
    echo "docker-entrypoint: this image needs TLS certificates in $OPENSEARCH_HOME/config/certs" \
      "(root-ca.pem, node.pem, node-key.pem) and users in config/opensearch-security/internal_users.yml," \
      "or both in $staged;" \
      "start it with \`dac cluster start --secure\`, or set DISABLE_SECURITY_PLUGIN=true" >&2
    exit 78
  fi
fi
exec bin/opensearch "${settings[@]}" "$@"
