#!/usr/bin/env bash
# Re-pin requirements*.txt from requirements*.in in throwaway virtualenvs.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
freeze() { "$1/bin/pip" freeze --all --exclude pip --exclude setuptools --exclude wheel; }

"$python" -m venv "$work/build"
"$work/build/bin/pip" install -q -r requirements.in
{ echo "# Generated from requirements.in by scripts/pin_requirements.sh; edit the .in file."
  freeze "$work/build"; } > requirements.txt

"$python" -m venv "$work/dev"
"$work/dev/bin/pip" install -q -r requirements.txt -r requirements-dev.in
{ echo "# Generated from requirements-dev.in by scripts/pin_requirements.sh; edit the .in file."
  echo "-r requirements.txt"
  comm -13 <(freeze "$work/build" | sort) <(freeze "$work/dev" | sort); } > requirements-dev.txt
