#!/usr/bin/env bash
# Install everything the test suite needs, then run it (the README's test command; CI runs it too).
set -euo pipefail
cd "$(dirname "$0")/.."
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
python3 -m pytest "$@"
