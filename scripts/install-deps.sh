#!/usr/bin/env bash
# Installs the real servers the project runs against (Debian packages), only when missing.
# Usage: scripts/install-deps.sh [nats] [postgres] [compose] [chromium]   (no argument: all)
# compose is Debian's docker-compose 1.29: it validates docker-compose.yml without a Docker engine; with it comes
# systemd's systemd-analyze, which checks the systemd unit (scripts/check-deploy.sh).
# chromium is the browser the web view's test drives (Playwright, given its path; no browser download).
set -euo pipefail
want=("$@"); [ ${#want[@]} -eq 0 ] && want=(nats postgres compose chromium)
missing=()
for w in "${want[@]}"; do
  case "$w" in
    # The scripts probe members' /readyz and /metrics with curl.
    nats) command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || missing+=(nats-server)
          command -v curl >/dev/null 2>&1 || missing+=(curl) ;;
    postgres) [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql) ;;
    compose) command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
             command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd) ;;
    chromium) command -v chromium >/dev/null 2>&1 || missing+=(chromium) ;;
    *) echo "install-deps: unknown dependency '$w'" >&2; exit 2 ;;
  esac
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${missing[@]}"
fi
