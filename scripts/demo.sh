#!/usr/bin/env bash
# The main job: a local multi-member Provisioner cluster onboarding a simulated fleet.
#
#   ./scripts/demo.sh [--members 3] [--nodes 2000] [--db sqlite|postgres] [--kill-member-at P%]
#                     [--add-member-at P%] [--keep-running] [--secure | --choria]
#
# Installs what is missing, starts nats-server (and PostgreSQL with --db postgres) on free 127.0.0.1 ports,
# starts the members (SQLite: one shared database file), runs the fleet simulator, and ends with a summary
# read from the journal. Everything it started is stopped by pid, unless --keep-running. --secure runs the
# broker from `provisioner broker init` (isolated provisioning account, key-bound fleet credentials).
# --choria starts the members only from Choria's files, as an estate has them: choria-provisioner.yaml
# (--choria-config, with a helper and the jwt and ed25519 features) and a Choria client configuration
# (--choria-client-config); cluster, journal and ports still come from flags.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

members=3 nodes=2000 db=sqlite kill_at="" add_at="" keep=0 secure=0 choria=0
usage() { sed -n '4,5p' "$0" | sed 's/^# *//'; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --members) members=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    --db) db=$2; shift 2 ;;
    --kill-member-at) kill_at=${2%\%}; shift 2 ;;
    --add-member-at) add_at=${2%\%}; shift 2 ;;
    --keep-running) keep=1; shift ;;
    --secure) secure=1; shift ;;
    --choria) choria=1; shift ;;
    -h|--help) usage ;;
    *) echo "demo: unknown option $1" >&2; usage ;;
  esac
done
case "$db" in sqlite|postgres) ;; *) echo "demo: --db must be sqlite or postgres" >&2; exit 2 ;; esac
[ "$secure" = 1 ] && [ "$choria" = 1 ] && { echo "demo: --secure and --choria cannot be combined (Choria's broker login is broker_provisioning_password)" >&2; exit 2; }
[ "$members" -ge 1 ] 2>/dev/null || { echo "demo: --members must be a positive number" >&2; exit 2; }
[ "$nodes" -ge 1 ] 2>/dev/null || { echo "demo: --nodes must be a positive number" >&2; exit 2; }
if [ -n "$kill_at" ] && [ "$members" -lt 3 ]; then
  echo "demo: --kill-member-at needs at least 3 members (keep-majority must keep a majority)" >&2; exit 2
fi

deps=(nats); [ "$db" = postgres ] && deps+=(postgres)
./scripts/install-deps.sh "${deps[@]}"
# shellcheck source=lib/cluster.sh
source "$root/scripts/lib/cluster.sh"
cluster_build
run="$root/.run/demo-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$run"
trap cluster_cleanup EXIT
trap 'exit 130' INT TERM
cluster_prepare
# Every certificate and server JWT is also written to the issuance ledger, which the summary checks against the journal.
echo "provisioner.issuance-ledger = \"$run/ledger\"" >>"$run/member.conf"
ledger_args=(--issuance-ledger "$run/ledger")
if [ "$choria" = 1 ]; then
  # Choria has no issuance ledger: the summary checks the journal alone.
  cluster_choria_files; ledger_args=()
  echo "members read ${run#$root/}/choria-provisioner.yaml and choria.cfg (Choria's files only)"
fi
echo "starting $members members on $db (logs in ${run#$root/})..."
cluster_start_members "$members"

echo "running the fleet: $nodes simulated machines..."
started=$(date +%s.%N)
# Process substitution, not a pipe: $! must be the fleet itself so that cleanup can stop it.
"$bin" fleet --nodes "$nodes" --token-file "$run/provisioning.jwt" --broker "$nats_url" --timeout 1200 --concurrency "$nodes" \
  > >(tee "$run/fleet.log") 2>&1 &
fleet_pid=$!

killed="" added="" kill_time=""
while kill -0 "$fleet_pid" 2>/dev/null; do
  sleep 0.5
  { [ -z "$kill_at" ] || [ -n "$killed" ]; } && { [ -z "$add_at" ] || [ -n "$added" ]; } && continue
  done_pct=$(( $(cluster_provisioned_now) * 100 / nodes ))
  if [ -n "$kill_at" ] && [ -z "$killed" ] && [ "$done_pct" -ge "$kill_at" ]; then
    # Member 1 is the oldest, so it hosts the leader singleton: the hardest member to lose.
    kill -KILL "${member_pid[1]}"; kill_time=$(cluster_now_iso); killed=1; unset 'member_pid[1]'
    echo ">>> SIGKILL member 1 (leader host) at ${done_pct}%"
  fi
  if [ -n "$add_at" ] && [ -z "$added" ] && [ "$done_pct" -ge "$add_at" ]; then
    next=$(( members + 1 )); cluster_start_member "$next"; added=1
    echo ">>> added member $next at ${done_pct}%"
  fi
done
set +e; wait "$fleet_pid"; fleet_status=$?; set -e; fleet_pid=""
elapsed=$(python3 -c "import time; print(int(time.time() - $started))")

if [ -n "$kill_time" ]; then
  read -r lead_s sweep_s < <(cluster_failover_from_logs "$kill_time")
  if [ "$lead_s" = - ]; then
    echo "failover: no member logged a new leader after the SIGKILL of member 1"
  else
    echo "failover: a new leader started (and sent its first sweep) ${lead_s} s after the SIGKILL of member 1; that sweep's replies were in and its nodes queued at ${sweep_s} s (members' log lines stamped after the kill)"
  fi
fi

echo
live=${#member_pid[@]}
set +e
"$bin" report --db "$db" --db-connection "$connection" --members "$live" --expect "$nodes" --wait 120 "${ledger_args[@]}" ${kill_time:+--killed-at "$kill_time"}
report_status=$?
set -e
echo "fleet exit code $fleet_status, wall time ${elapsed} s"

if [ "$keep" = 1 ]; then
  echo
  for i in "${!member_pid[@]}"; do
    echo "member $i: $member_scheme://provisioner@127.0.0.1:${member_port[$i]}  console 127.0.0.1:${member_console[$i]}  metrics http://127.0.0.1:${member_metrics[$i]}/metrics"
  done
  echo "try: $bin cmd 127.0.0.1:${member_console[$(echo "${!member_pid[@]}" | cut -d' ' -f1)]} cluster show"
  echo "Ctrl-C stops everything."
  while true; do sleep 3600; done
fi
[ "$fleet_status" = 0 ] && [ "$report_status" = 0 ]
