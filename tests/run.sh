#!/usr/bin/env bash
# Install everything the test suite needs, then run it (the README's test command; CI runs it too).
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser tests drive Debian's chromium; npm fetches the packages they serve locally.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    sudo=$([ "$(id -u)" = 0 ] || echo sudo)
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"

# An npm package unpacked into .cache/<name>-<version>/ once (the browser tests serve it locally).
npm_package() {
    local folder=".cache/$1-$2"
    if [ ! -d "$folder" ]; then
        mkdir -p "$folder"
        (cd "$folder" && npm pack --silent "$1@$2" >/dev/null && tar -xzf ./*.tgz --strip-components=1 && rm ./*.tgz)
    fi
}
npm_package mathjax 3.2.2
npm_package pyodide 0.29.0   # the core runtime only (no numpy): tests/test_live_cells.py
python3 -m pytest "$@"
