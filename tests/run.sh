#!/usr/bin/env bash
# Install everything the test suite needs, then run it (the README's test command; CI runs it too).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"
python3 -m pytest "$@"
