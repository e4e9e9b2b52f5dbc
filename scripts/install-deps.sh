#!/usr/bin/env bash
# Installs the Debian packages TrialKit needs, once. Quiet and idempotent when nothing is missing.
# Usage: scripts/install-deps.sh [extra packages...]
set -euo pipefail
packages=(libopenblas-dev liblapacke-dev libnlopt-dev r-mathlib libsqlite3-dev libssl-dev libxml2-utils "$@")
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
