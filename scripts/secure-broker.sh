#!/usr/bin/env bash
# A secured NATS broker for the demo: `provisioner broker init` output run by nats-server.
# Usage: scripts/secure-broker.sh start [--dir DIR]
#        scripts/secure-broker.sh stop [--dir DIR]
#
# start: `provisioner broker init --out DIR` (default .run/broker) on a free 127.0.0.1 port, unless DIR
#   already holds a broker (then it is reused as is), and starts nats-server with DIR/nats-server.conf,
#   listening on 127.0.0.1 only. Its pid goes to DIR/nats-server.pid, its log to DIR/nats-server.log.
#   Prints, for `eval "$(scripts/secure-broker.sh start)"`:
#     BROKER_URL=nats://127.0.0.1:PORT        where everyone connects
#     BROKER_DIR=...                          the member's provisioner.fleet.broker-dir
#     PROVISIONER_CREDS=...                   the member's provisioner.nats.creds
#     PROVISIONING_BEARER_JWT_FILE=...        goes in the provisioning token's extensions.nats_jwt
#   Everything else goes to stderr. Already running: prints the same lines again.
# stop: stops that nats-server by its pid; DIR (keys and credentials) is kept.
#
# The provisioner binary is $PROVISIONER_BIN when set, else src/Provisioner.Host built in Release.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

die() { echo "secure-broker.sh: $*" >&2; exit 2; }
say() { echo "secure-broker.sh: $*" >&2; }

usage() {
  sed -n '3,4p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

nats_server_binary() {
  command -v nats-server 2>/dev/null && return
  [ -x /usr/sbin/nats-server ] && { echo /usr/sbin/nats-server; return; }
  return 1
}

provisioner_binary() {
  if [ -n "${PROVISIONER_BIN:-}" ]; then
    [ -x "$PROVISIONER_BIN" ] || die "PROVISIONER_BIN=$PROVISIONER_BIN is not executable"
    echo "$PROVISIONER_BIN"
    return
  fi
  dotnet build "$repo/src/Provisioner.Host" -c Release -nologo -v q >/dev/null || die "building src/Provisioner.Host failed"
  echo "$repo/src/Provisioner.Host/bin/Release/net10.0/provisioner"
}

# The port the broker's config listens on (broker init writes `port: N`).
config_port() { sed -n 's/^port: *\([0-9][0-9]*\)$/\1/p' "$1/nats-server.conf" | head -n 1; }

# True when the pid file names a live nats-server (not a recycled pid).
server_alive() {
  local pid
  [ -f "$1/nats-server.pid" ] || return 1
  pid=$(cat "$1/nats-server.pid")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = nats-server ]
}

parse_dir() {
  dir="$repo/.run/broker"
  while [ $# -gt 0 ]; do
    case "$1" in
      --dir) [ $# -ge 2 ] || die "--dir needs a directory"; dir=$2; shift 2 ;;
      *) die "unknown option '$1'" ;;
    esac
  done
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
}

print_env() {
  printf 'BROKER_URL=%q\n' "nats://127.0.0.1:$(config_port "$1")"
  printf 'BROKER_DIR=%q\n' "$1"
  printf 'PROVISIONER_CREDS=%q\n' "$1/provisioner.creds"
  printf 'PROVISIONING_BEARER_JWT_FILE=%q\n' "$1/provisioning-mode.jwt"
}

cmd_start() {
  parse_dir "$@"
  if server_alive "$dir"; then
    say "already running (pid $(cat "$dir/nats-server.pid"), dir $dir)"
    print_env "$dir"
    return 0
  fi
  rm -f "$dir/nats-server.pid"
  ./scripts/install-deps.sh nats >&2
  local nats port
  nats=$(nats_server_binary) || die "nats-server not found after installing it"

  if [ -f "$dir/broker.json" ]; then
    port=$(config_port "$dir")
    [ -n "$port" ] || die "$dir/nats-server.conf names no port"
    port_in_use "$port" && die "port $port of the broker in $dir is taken; free it or use another --dir"
    say "reusing the broker in $dir (port $port)"
  else
    port=$(free_port)
    "$(provisioner_binary)" broker init --out "$dir" --port "$port" >&2 || die "provisioner broker init failed"
  fi

  # setsid: the server outlives this script and the caller's terminal; stop finds it by pid.
  setsid "$nats" -c "$dir/nats-server.conf" -a 127.0.0.1 >"$dir/nats-server.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$dir/nats-server.pid"
  for _ in $(seq 1 100); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$dir/nats-server.pid"
      tail -n 20 "$dir/nats-server.log" >&2 || true
      die "nats-server exited (log above)"
    fi
    port_in_use "$port" && break
    sleep 0.2
  done
  port_in_use "$port" || { kill "$pid" 2>/dev/null || true; rm -f "$dir/nats-server.pid"; die "nats-server did not listen on port $port within 20 s"; }
  say "started nats-server (pid $pid, port $port, log $dir/nats-server.log)"
  print_env "$dir"
}

cmd_stop() {
  parse_dir "$@"
  if ! server_alive "$dir"; then
    say "not running (no live nats-server pid in $dir/nats-server.pid)"
    rm -f "$dir/nats-server.pid"
    return 0
  fi
  local pid
  pid=$(cat "$dir/nats-server.pid")
  kill -TERM "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/nats-server.pid"
  say "stopped nats-server (pid $pid); kept $dir"
}

[ $# -ge 1 ] || usage
command=$1; shift
case "$command" in
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  -h|--help|help) usage ;;
  *) echo "secure-broker.sh: unknown command '$command'" >&2; usage ;;
esac
