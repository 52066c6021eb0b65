#!/usr/bin/env bash
# Checks the shipped deployment files with their own tools, without a Docker engine or systemd running:
#   systemd-analyze verify deploy/provisioner-member.service   (ExecStart pointed at /bin/true, or at BINARY when
#                                                               given, since verify also wants the program to exist)
#   docker-compose -f docker-compose.yml config                (the compose file resolves, with every service)
# Usage: scripts/check-deploy.sh [BINARY]   e.g. artifacts/provisioner-linux-x64/provisioner after deploy/publish.sh
# Exit 0 when both pass, 1 when one fails (its tool's words on stderr), 2 when a tool is missing
# (scripts/install-deps.sh compose installs both). Takes a few seconds; scripts/test.sh runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-/bin/true}
for tool in systemd-analyze docker-compose; do
  command -v "$tool" >/dev/null 2>&1 || { echo "check-deploy: $tool is missing (scripts/install-deps.sh compose)" >&2; exit 2; }
done
[ -x "$binary" ] || { echo "check-deploy: $binary is not an executable" >&2; exit 2; }
binary=$(realpath "$binary")

work=$(mktemp -d /tmp/check-deploy.XXXXXX)
trap 'rm -rf "$work"' EXIT
status=0

# verify reads the unit by its file name, so the copy keeps it.
unit="$work/provisioner-member.service"
sed -E "s|^ExecStart=[^ ]+|ExecStart=$binary|" deploy/provisioner-member.service >"$unit"
if ! out=$(systemd-analyze verify "$unit" 2>&1) || [ -n "$out" ]; then
  echo "check-deploy: systemd-analyze verify deploy/provisioner-member.service:" >&2
  echo "$out" >&2
  status=1
fi

if ! out=$(docker-compose -f docker-compose.yml config -q 2>&1); then
  echo "check-deploy: docker-compose config docker-compose.yml:" >&2
  echo "$out" >&2
  status=1
fi

[ "$status" -eq 0 ] && echo "check-deploy: systemd unit and compose file OK"
exit "$status"
