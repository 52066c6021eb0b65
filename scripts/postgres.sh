#!/usr/bin/env bash
# A private PostgreSQL 15 (Debian's package) for the demo and the PostgreSQL tests.
# Usage: scripts/postgres.sh start [--dir DIR] [--port N]
#        scripts/postgres.sh stop
#        scripts/postgres.sh status
#
# start: initdb into a fresh temporary directory (or DIR; an existing cluster there is reused), listen
#   only on 127.0.0.1 on a free port (or N) with the unix socket in that directory, create the role and
#   database `provisioner`, and print PROVISIONER_DB_CONNECTION=... . Its pid, port and directory go to
#   .run/postgres.env so that `stop` and `status` find it.
# stop: fast shutdown by pid (pg_ctl stop -m fast); a temporary directory is removed, a given DIR kept.
#
# LOCAL DEVELOPMENT ONLY: authentication is `trust` for 127.0.0.1 and the private socket, so anyone
# on this machine can connect as any role. Never expose this instance.
#
# PostgreSQL refuses to run as root: as root the server runs as user `postgres` (runuser); as any other
# user it runs as that user. Debian's package may also create and start its own cluster `main` on
# port 5432; this script neither needs nor touches it, and picks a different port.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
state_dir="$repo/.run"
state_file="$state_dir/postgres.env"
bin=/usr/lib/postgresql/15/bin
database=provisioner
role=provisioner

die() { echo "postgres.sh: $*" >&2; exit 2; }

usage() {
  sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# Runs a command as the server's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

owner_name() {
  if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi
}

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local p
  for p in $(seq 15432 15532); do
    # A refused connection means nothing listens there.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  die "no free port found in 15432-15532"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

connection_string() { echo "Host=127.0.0.1;Port=$1;Database=$database;Username=$role"; }

# Loads PG_PID, PG_PORT, PG_DIR, PG_TEMP from the state file; false when there is none.
load_state() {
  [ -f "$state_file" ] || return 1
  # shellcheck disable=SC1090
  . "$state_file"
  [ -n "${PG_PID:-}" ] && [ -n "${PG_PORT:-}" ] && [ -n "${PG_DIR:-}" ] || die "$state_file is incomplete; remove it and stop the server by hand"
}

# True when PG_PID is a live postgres process (not a recycled pid).
server_alive() {
  [ -n "${PG_PID:-}" ] && kill -0 "$PG_PID" 2>/dev/null && [ "$(cat "/proc/$PG_PID/comm" 2>/dev/null)" = postgres ]
}

psql_admin() {
  as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres "$@"
}

cmd_start() {
  local dir="" port=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --dir) [ $# -ge 2 ] || die "--dir needs a directory"; dir=$2; shift 2 ;;
      --port) [ $# -ge 2 ] || die "--port needs a number"; port=$2; shift 2 ;;
      *) die "unknown option '$1' for start" ;;
    esac
  done
  if [ -n "$port" ] && ! [[ "$port" =~ ^[0-9]+$ && "$port" -ge 1 && "$port" -le 65535 ]]; then
    die "--port must be a number from 1 to 65535, got '$port'"
  fi

  if load_state; then
    if server_alive; then
      echo "postgres.sh: already running (pid $PG_PID, port $PG_PORT, dir $PG_DIR)" >&2
      echo "PROVISIONER_DB_CONNECTION=$(connection_string "$PG_PORT")"
      return 0
    fi
    echo "postgres.sh: removing stale state (pid $PG_PID is gone)" >&2
    if [ "${PG_TEMP:-0}" = 1 ]; then rm -rf "$PG_DIR"; fi
    rm -f "$state_file"
  fi

  [ -x "$bin/initdb" ] || ./scripts/install-deps.sh postgres
  [ -x "$bin/initdb" ] || die "PostgreSQL 15 binaries not found in $bin after installing 'postgresql'"
  if [ "$(id -u)" -eq 0 ]; then
    id -u postgres >/dev/null 2>&1 || die "user 'postgres' does not exist (Debian's postgresql package creates it)"
  fi

  local temp=0
  if [ -z "$dir" ]; then
    dir=$(mktemp -d /tmp/provisioner-pg.XXXXXX)
    temp=1
  else
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
  fi
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
  chmod 700 "$dir"
  as_owner test -w "$dir" || die "$dir is not writable by user $(owner_name) (is a parent directory private?)"

  if [ -z "$port" ]; then
    port=$(free_port)
  elif port_in_use "$port"; then
    die "port $port on 127.0.0.1 is already in use"
  fi

  local data="$dir/data" log="$dir/postgres.log"
  if [ ! -f "$data/PG_VERSION" ]; then
    # Trust only over the private socket and 127.0.0.1: local development, see the header.
    as_owner "$bin/initdb" -D "$data" -U postgres -E UTF8 --no-locale --auth-local=trust --auth-host=trust >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed in $data"; }
    as_owner sh -c "printf '%s\n' 'local all all trust' 'host all all 127.0.0.1/32 trust' > '$data/pg_hba.conf'"
  fi

  as_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir'" start >/dev/null \
    || { tail -n 20 "$log" >&2 || true; [ "$temp" = 1 ] && rm -rf "$dir"; die "the server did not start (log above)"; }

  PG_PID=$(head -n 1 "$data/postmaster.pid")
  PG_PORT=$port
  PG_DIR=$dir
  mkdir -p "$state_dir"
  printf 'PG_PID=%s\nPG_PORT=%s\nPG_DIR=%q\nPG_TEMP=%s\n' "$PG_PID" "$PG_PORT" "$PG_DIR" "$temp" >"$state_file"

  if [ -z "$(psql_admin -tA -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" ]; then
    psql_admin -c "CREATE ROLE $role LOGIN"
  fi
  if [ -z "$(psql_admin -tA -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
    psql_admin -c "CREATE DATABASE $database OWNER $role"
  fi

  echo "postgres.sh: started (pid $PG_PID, port $PG_PORT, dir $PG_DIR, log $log)" >&2
  echo "PROVISIONER_DB_CONNECTION=$(connection_string "$PG_PORT")"
}

cmd_stop() {
  [ $# -eq 0 ] || die "stop takes no options"
  if ! load_state; then
    echo "postgres.sh: not running (no $state_file)" >&2
    return 0
  fi
  if server_alive; then
    if ! as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 60 stop >/dev/null; then
      # pg_ctl failed (e.g. the data directory is gone): fast shutdown is SIGINT to the postmaster.
      kill -INT "$PG_PID" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$PG_PID" 2>/dev/null && die "pid $PG_PID did not stop; state kept in $state_file"
    fi
    echo "postgres.sh: stopped (pid $PG_PID)" >&2
  else
    echo "postgres.sh: pid $PG_PID was not running" >&2
  fi
  if [ "${PG_TEMP:-0}" = 1 ]; then
    rm -rf "$PG_DIR"
  else
    echo "postgres.sh: kept $PG_DIR" >&2
  fi
  rm -f "$state_file"
}

cmd_status() {
  [ $# -eq 0 ] || die "status takes no options"
  if load_state && server_alive; then
    echo "running pid=$PG_PID port=$PG_PORT dir=$PG_DIR"
    echo "PROVISIONER_DB_CONNECTION=$(connection_string "$PG_PORT")"
    return 0
  fi
  echo "not running"
  return 3
}

[ $# -ge 1 ] || usage
command=$1; shift
case "$command" in
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  status) cmd_status "$@" ;;
  -h|--help|help) usage ;;
  *) echo "postgres.sh: unknown command '$command'" >&2; usage ;;
esac
