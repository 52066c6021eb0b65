#!/usr/bin/env bash
# The main job: a local multi-member Provisioner cluster onboarding a simulated fleet.
#
#   ./scripts/demo.sh [--members 3] [--nodes 2000] [--db sqlite|postgres] [--kill-member-at P%]
#                     [--add-member-at P%] [--keep-running]
#
# Installs what is missing, starts nats-server (and PostgreSQL with --db postgres) on free 127.0.0.1 ports,
# starts the members (SQLite: one shared database file), runs the fleet simulator, and ends with a summary
# read from the journal. Everything it started is stopped by pid, unless --keep-running.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

members=3 nodes=2000 db=sqlite kill_at="" add_at="" keep=0
usage() { sed -n '4,5p' "$0" | sed 's/^# *//'; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --members) members=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    --db) db=$2; shift 2 ;;
    --kill-member-at) kill_at=${2%\%}; shift 2 ;;
    --add-member-at) add_at=${2%\%}; shift 2 ;;
    --keep-running) keep=1; shift ;;
    -h|--help) usage ;;
    *) echo "demo: unknown option $1" >&2; usage ;;
  esac
done
case "$db" in sqlite|postgres) ;; *) echo "demo: --db must be sqlite or postgres" >&2; exit 2 ;; esac
[ "$members" -ge 1 ] 2>/dev/null || { echo "demo: --members must be a positive number" >&2; exit 2; }
[ "$nodes" -ge 1 ] 2>/dev/null || { echo "demo: --nodes must be a positive number" >&2; exit 2; }
if [ -n "$kill_at" ] && [ "$members" -lt 3 ]; then
  echo "demo: --kill-member-at needs at least 3 members (keep-majority must keep a majority)" >&2; exit 2
fi

deps=(nats); [ "$db" = postgres ] && deps+=(postgres)
./scripts/install-deps.sh "${deps[@]}"
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "building..."
dotnet build src/Provisioner.Host -c Release -nologo -v q >/dev/null
bin="$root/src/Provisioner.Host/bin/Release/net10.0/provisioner"

run="$root/.run/demo-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$run"
declare -A member_pid=() member_port=() member_metrics=() member_console=()
nats_pid="" fleet_pid=""

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

cleanup() {
  set +e
  [ -n "$fleet_pid" ] && kill "$fleet_pid" 2>/dev/null
  for i in "${!member_pid[@]}"; do kill -TERM "${member_pid[$i]}" 2>/dev/null; done
  for i in "${!member_pid[@]}"; do
    for _ in $(seq 1 100); do kill -0 "${member_pid[$i]}" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "${member_pid[$i]}" 2>/dev/null
  done
  [ -n "$nats_pid" ] && kill "$nats_pid" 2>/dev/null && wait "$nats_pid" 2>/dev/null
  [ "$db" = postgres ] && ./scripts/postgres.sh stop >/dev/null 2>&1
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Keys, CA and the provisioning token every simulated machine holds.
nats_port=$(free_port)
"$bin" ca init --out "$run/ca" --key ec >/dev/null
"$bin" jwt keygen --type ed25519 "$run/provisioning.seed" "$run/provisioning.pub" >/dev/null
"$bin" jwt keygen --type ed25519 "$run/server-jwt.seed" "$run/server-jwt.pub" >/dev/null
"$bin" jwt provisioning "$run/provisioning.jwt" "$run/provisioning.seed" --token demo-token --urls "nats://127.0.0.1:$nats_port" >/dev/null

nats-server -a 127.0.0.1 -p "$nats_port" -js -sd "$run/jetstream" >"$run/nats.log" 2>&1 &
nats_pid=$!

if [ "$db" = postgres ]; then
  eval "$(./scripts/postgres.sh start | grep '^PROVISIONER_DB_CONNECTION=')"
  connection=$PROVISIONER_DB_CONNECTION
else
  connection="Data Source=$run/journal.db"
fi

cat >"$run/member.conf" <<EOF
provisioner {
  token = "demo-token"
  jwt-verify-key = "$run/provisioning.pub"
  ca-dir = "$run/ca"
  server-jwt.signing-key = "$run/server-jwt.seed"
  nats.url = "nats://127.0.0.1:$nats_port"
  # The simulated fleet announces itself with startup events; sweeps catch anything missed.
  discovery-interval = 20s
}
EOF

seeds=""
start_member() {
  local i=$1
  member_port[$i]=$(free_port); member_metrics[$i]=$(free_port); member_console[$i]=$(free_port)
  [ -z "$seeds" ] && seeds="akka.tcp://provisioner@127.0.0.1:${member_port[$i]}"
  PROVISIONER_SEEDS=$seeds "$bin" member --config "$run/member.conf" --port "${member_port[$i]}" \
    --metrics-port "${member_metrics[$i]}" --console "127.0.0.1:${member_console[$i]}" \
    --db "$db" --db-connection "$connection" >"$run/member$i.log" 2>&1 &
  member_pid[$i]=$!
}
wait_up() {
  local i=$1
  for _ in $(seq 1 300); do
    grep -q "is up" "$run/member$i.log" 2>/dev/null && return 0
    kill -0 "${member_pid[$i]}" 2>/dev/null || { echo "member $i exited:"; tail -20 "$run/member$i.log"; exit 1; }
    sleep 0.2
  done
  echo "member $i did not come up in 60 s:"; tail -20 "$run/member$i.log"; exit 1
}

echo "starting $members members on $db (logs in ${run#$root/})..."
start_member 1; wait_up 1
# The first two members are seeds, so a member added after the first one dies can still join.
[ "$members" -ge 2 ] && { start_member 2; seeds="$seeds,akka.tcp://provisioner@127.0.0.1:${member_port[2]}"; }
for i in $(seq 3 "$members"); do start_member "$i"; done
for i in $(seq 2 "$members"); do wait_up "$i"; done

provisioned_now() {
  local total=0 n
  for i in "${!member_pid[@]}"; do
    kill -0 "${member_pid[$i]}" 2>/dev/null || continue
    n=$(curl -s --max-time 1 "127.0.0.1:${member_metrics[$i]}/metrics" | awk '/^choria_provisioner_provisioned /{print int($2)}')
    total=$((total + ${n:-0}))
  done
  echo "$total"
}

echo "running the fleet: $nodes simulated machines..."
started=$(date +%s.%N)
"$bin" fleet --nodes "$nodes" --token-file "$run/provisioning.jwt" --broker "nats://127.0.0.1:$nats_port" --timeout 1200 --concurrency "$nodes" \
  2>&1 | tee "$run/fleet.log" &
fleet_pid=$!

killed="" added="" kill_time=""
while kill -0 "$fleet_pid" 2>/dev/null; do
  sleep 0.5
  { [ -z "$kill_at" ] || [ -n "$killed" ]; } && { [ -z "$add_at" ] || [ -n "$added" ]; } && continue
  done_pct=$(( $(provisioned_now) * 100 / nodes ))
  if [ -n "$kill_at" ] && [ -z "$killed" ] && [ "$done_pct" -ge "$kill_at" ]; then
    # Member 1 is the oldest, so it hosts the leader singleton: the hardest member to lose.
    kill_time=$(date +%s.%N)
    kill -KILL "${member_pid[1]}"; killed=1; unset 'member_pid[1]'
    echo ">>> SIGKILL member 1 (leader host) at ${done_pct}%"
  fi
  if [ -n "$add_at" ] && [ -z "$added" ] && [ "$done_pct" -ge "$add_at" ]; then
    next=$(( members + 1 )); start_member "$next"; added=1
    echo ">>> added member $next at ${done_pct}%"
  fi
done
set +e; wait "$fleet_pid"; fleet_status=$?; set -e; fleet_pid=""
elapsed=$(python3 -c "import time; print(int(time.time() - $started))")

if [ -n "$kill_time" ]; then
  for i in "${!member_pid[@]}"; do
    t=$(grep -h "provisioning leader started" "$run/member$i.log" | head -1 | sed -E 's/^\[INFO\]\[([^]]+)\].*/\1/')
    [ -n "$t" ] && echo "leader resumed on member $i at $t (member 1 killed at $(date -u -d "@$kill_time" +%H:%M:%S.%3N))"
  done
fi

echo
live=${#member_pid[@]}
set +e
"$bin" report --db "$db" --db-connection "$connection" --members "$live" --expect "$nodes"
report_status=$?
set -e
echo "fleet exit code $fleet_status, wall time ${elapsed} s"

if [ "$keep" = 1 ]; then
  echo
  for i in "${!member_pid[@]}"; do
    echo "member $i: akka.tcp://provisioner@127.0.0.1:${member_port[$i]}  console 127.0.0.1:${member_console[$i]}  metrics http://127.0.0.1:${member_metrics[$i]}/metrics"
  done
  echo "try: $bin cmd 127.0.0.1:${member_console[$(echo "${!member_pid[@]}" | cut -d' ' -f1)]} cluster show"
  echo "Ctrl-C stops everything."
  while true; do sleep 3600; done
fi
[ "$fleet_status" = 0 ] && [ "$report_status" = 0 ]
