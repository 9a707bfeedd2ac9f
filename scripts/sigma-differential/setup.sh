#!/usr/bin/env bash
# Dev-only: a Python venv in .dac/pysigma-venv with pySigma and its
# Elasticsearch backend from PyPI, for the Sigma differential check. dac never
# runs Python at run time; nothing here is needed by ./scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.dac/pysigma-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --upgrade "pysigma>=1.0" "pysigma-backend-elasticsearch>=2.0"
"$venv/bin/python" -c "import sigma.backends.elasticsearch; print('pySigma ready in $venv')"
