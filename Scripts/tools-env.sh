# Sourced by the XSS checks: the shared tools' Python environment and a built `paperdigest`.
# Sets root, tools, configuration, TOOLS_VENV (exported) and bin.
# Environment: TOOLS_VENV (default .build/tools-venv), SHARED_TOOLS (default ../shared/tools),
# CONFIGURATION (debug or release, default debug).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${SHARED_TOOLS:-$root/../shared/tools}"
configuration="${CONFIGURATION:-debug}"
export TOOLS_VENV="${TOOLS_VENV:-$root/.build/tools-venv}"

bash "$tools/setup.sh"
swift build --package-path "$root" -c "$configuration" --product paperdigest
bin="$(swift build --package-path "$root" -c "$configuration" --show-bin-path)/paperdigest"
