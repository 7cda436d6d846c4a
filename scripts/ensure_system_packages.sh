#!/usr/bin/env bash
# Debian's packages a make target needs, named by the command each provides:
# chromium for the browser, java for the validators, pandoc for the
# plain-text conversion tests (all three when none is named).
# As root (as in CI) install what is missing; otherwise stop and say how.
set -euo pipefail
declare -A package=([chromium]=chromium [java]=default-jre-headless [pandoc]=pandoc)
commands=("$@")
[ ${#commands[@]} -eq 0 ] && commands=(chromium java pandoc)
missing=()
for command in "${commands[@]}"; do
  [ -n "${package[$command]:-}" ] || { echo "unknown command: $command" >&2; exit 2; }
  command -v "$command" >/dev/null 2>&1 || missing+=("${package[$command]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "missing system packages: ${missing[*]}" >&2
  echo "run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
