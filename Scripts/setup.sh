#!/usr/bin/env bash
# Installs what PaperDigest needs on Debian 12 (run as root or with sudo available):
# the C libraries it links, and the encoder weights. Idempotent: a second run does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libxml2-dev libsqlite3-dev libcurl4-openssl-dev libopenblas-dev pkg-config unzip python3-pip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: Swift 6 is not on PATH (https://www.swift.org/install/linux/)" >&2; exit 1; }

if [ -x Scripts/install-model.sh ]; then
  Scripts/install-model.sh
fi
