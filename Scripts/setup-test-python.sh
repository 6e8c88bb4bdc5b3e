#!/usr/bin/env bash
# Creates the Python virtual environment the TinyTransformer parity tests use as their
# reference (.venv/ under the repo root, git-ignored): HF `tokenizers`, `numpy`,
# `safetensors`, `scipy` (exact erf). Idempotent: an existing venv that already imports them is left alone.
#
#   Scripts/setup-test-python.sh
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo_root/.venv"
PY="${PYTHON:-python3}"

if [[ -x "$venv/bin/python" ]] &&
    "$venv/bin/python" -c "import tokenizers, numpy, safetensors, scipy" 2>/dev/null; then
    echo "setup-test-python: $venv is ready"
    exit 0
fi

"$PY" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet tokenizers numpy safetensors scipy
"$venv/bin/python" -c "import tokenizers, numpy, safetensors; print('setup-test-python: tokenizers', tokenizers.__version__, 'numpy', numpy.__version__)"
