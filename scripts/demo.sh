#!/usr/bin/env bash
# The main job: a local multi-member Provisioner cluster onboarding a simulated fleet.
#
#   ./scripts/demo.sh [--members 3] [--nodes 2000] [--db sqlite|postgres] [--kill-member-at P%]
#                     [--add-member-at P%] [--keep-running] [--secure | --choria] [--protocol v1|v2] [--upgrade-to V]
#
# Installs what is missing, starts nats-server (and PostgreSQL with --db postgres) on free 127.0.0.1 ports,
# starts the members (SQLite: one shared database file), runs the fleet simulator, and ends with a summary
# read from the journal. Everything it started is stopped by pid, unless --keep-running. --secure runs the
# broker from `provisioner broker init` (isolated provisioning account, key-bound fleet credentials).
# --choria starts the members only from Choria's files, as an estate has them: choria-provisioner.yaml
# (--choria-config, with a helper and the jwt and ed25519 features) and a Choria client configuration
# (--choria-client-config); cluster, journal and ports still come from flags. --protocol v2 runs an org issuer
# network: the fleet speaks Choria protocol v2 (its token says v2), the members sign their requests with the chain
# signer token and issue every server JWT through the chain, and the demo checks them against the org issuer key.
# --upgrade-to V runs the fleet through an in-place upgrade (docs/upgrades.md): the built executable is published as
# release V with `provisioner upgrades publish`, served by a static HTTP server on 127.0.0.1, the members' helper
# returns `upgrade: V`, the nodes report another version and hold a token with the update claim; each node is
# upgraded once, restarts on V and is provisioned on it, and the demo checks the journal holds one upgrade per node.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

members=3 nodes=2000 db=sqlite kill_at="" add_at="" keep=0 secure=0 choria=0 protocol=v1 upgrade_to=""
# The version simulated nodes report before their upgrade.
upgrade_from=0.0.1
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
    --protocol) protocol=$2; shift 2 ;;
    --upgrade-to) upgrade_to=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "demo: unknown option $1" >&2; usage ;;
  esac
done
case "$db" in sqlite|postgres) ;; *) echo "demo: --db must be sqlite or postgres" >&2; exit 2 ;; esac
case "$protocol" in v1|v2) ;; *) echo "demo: --protocol must be v1 or v2" >&2; exit 2 ;; esac
[ "$protocol" = v2 ] && [ "$choria" = 1 ] && { echo "demo: --protocol v2 and --choria cannot be combined yet" >&2; exit 2; }
[ "$secure" = 1 ] && [ "$choria" = 1 ] && { echo "demo: --secure and --choria cannot be combined (Choria's broker login is broker_provisioning_password)" >&2; exit 2; }
if [ -n "$upgrade_to" ]; then
  [ "$choria" = 1 ] && { echo "demo: --upgrade-to and --choria cannot be combined yet" >&2; exit 2; }
  [ "$upgrade_to" = "$upgrade_from" ] && { echo "demo: --upgrade-to $upgrade_from is the version the nodes already report" >&2; exit 2; }
  [[ "$upgrade_to" =~ ^[A-Za-z0-9._~+:-]{1,32}$ ]] || { echo "demo: --upgrade-to must be 1 to 32 characters, one path segment" >&2; exit 2; }
fi
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
repository_pid=""
demo_cleanup() { [ -n "$repository_pid" ] && kill "$repository_pid" 2>/dev/null; cluster_cleanup; }
trap demo_cleanup EXIT
trap 'exit 130' INT TERM
cluster_prepare
fleet_args=()
if [ -n "$upgrade_to" ]; then
  # The release is the built executable itself: the simulated nodes download it and check its checksum, as a real
  # node would before replacing itself with it.
  "$bin" upgrades publish --dir "$run/releases" --version "$upgrade_to" "$bin" >/dev/null
  repository_url="http://127.0.0.1:$(free_port)"
  # A threaded static server with a deep accept queue: `python3 -m http.server` queues 5 connections, and a fleet
  # downloading at once has the rest reset (the node reports "download failed" and rolls back).
  python3 - "${repository_url##*:}" "$run/releases" >"$run/releases.log" 2>&1 <<'PY' &
import functools, http.server, sys
class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 1024
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[2])
Server(("127.0.0.1", int(sys.argv[1])), handler).serve_forever()
PY
  repository_pid=$!
  cat >"$run/helper.sh" <<HELPER
#!/bin/sh
# The node's configuration, and the version it must run before it is configured.
cat >/dev/null
echo '{"configuration":{"plugin.choria.server.provision":"false","plugin.choria.middleware_hosts":"$nats_url"},"upgrade":"$upgrade_to"}'
HELPER
  chmod 0755 "$run/helper.sh"
  cat >>"$run/member.conf" <<CONF
provisioner.helper = "$run/helper.sh"
provisioner.features = ["jwt", "pki", "ed25519", "upgrades"]
provisioner.upgrades.repository = "$repository_url"
CONF
  fleet_args=(--node-version "$upgrade_from")
  echo "release $upgrade_to published in ${run#$root/}/releases, served at $repository_url; nodes report $upgrade_from"
fi
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
  "${fleet_args[@]}" > >(tee "$run/fleet.log") 2>&1 &
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

leader_args=()
if [ -n "$kill_time" ]; then
  read -r lead_s sweep_s new_leader_at < <(cluster_failover_times "$kill_time")
  if [ "$lead_s" = - ]; then
    echo "failover: no member logged a new leader after the SIGKILL of member 1"
  else
    # The report counts attempts from the new leader's start: the dead leader's last starts begin just after the kill.
    leader_args=(--new-leader-at "$new_leader_at")
    echo "failover: a new leader started (and sent its first sweep) ${lead_s} s after the SIGKILL of member 1; that sweep's replies were in and its nodes queued at ${sweep_s} s (members' log lines stamped after the kill)"
  fi
fi

echo
live=${#member_pid[@]}
set +e
"$bin" report --db "$db" --db-connection "$connection" --members "$live" --expect "$nodes" --wait 120 "${ledger_args[@]}" ${kill_time:+--killed-at "$kill_time"} "${leader_args[@]}"
report_status=$?
set -e
echo "fleet exit code $fleet_status, wall time ${elapsed} s"
chain_status=0
if [ "$protocol" = v2 ]; then
  if [ "$db" = sqlite ]; then
    # The server JWTs as the journal holds them (purpose choria_server), each checked through its trust chain against
    # the org issuer's public key alone by `jwt view --verify-key` (at most 50, each a CLI run).
    mkdir -p "$run/server-jwts"
    python3 - "$run/journal.db" "$run/server-jwts" <<'PY'
import base64, json, re, sqlite3, sys
db, out = sys.argv[1], sys.argv[2]
seen = set()
conn = sqlite3.connect(db)
for (payload,) in conn.execute("select message from journal"):
    text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
    for jwt in re.findall(r"eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", text):
        body = jwt.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        if claims.get("purpose") == "choria_server" and jwt not in seen:
            seen.add(jwt)
            open(f"{out}/{claims['identity']}.{len(seen)}.jwt", "w").write(jwt)
PY
    total=$(ls "$run/server-jwts" | wc -l) verified=0 checked=0
    for f in $(ls "$run/server-jwts" | head -50); do
      checked=$((checked + 1))
      "$bin" jwt view "$run/server-jwts/$f" --verify-key "$run/org.pub" 2>/dev/null | grep -q "Signature: valid, through the trust chain" && verified=$((verified + 1))
    done
    echo "protocol v2: $verified of $checked server JWTs checked ($total in the journal) verify against the org issuer key $(cat "$run/org.pub") through the chain"
    { [ "$total" -gt 0 ] && [ "$verified" = "$checked" ]; } || chain_status=1
  else
    echo "protocol v2: server JWT check against the org issuer key reads the SQLite journal; skipped on postgres"
  fi
fi

upgrade_status=0
if [ -n "$upgrade_to" ]; then
  if [ "$db" = sqlite ]; then
    # Every node is upgraded exactly once: one Upgraded event each in the journal, and none for a second attempt.
    read -r upgrades upgraded_nodes < <(python3 - "$run/journal.db" <<'PY'
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("select persistence_id from journal where manifest = 'ne-upgraded'").fetchall()
print(len(rows), len({r[0] for r in rows}))
PY
)
    echo "upgrades: $upgrades Upgraded events in the journal for $upgraded_nodes of $nodes nodes (to $upgrade_to, from $upgrade_from); repository requests: $(grep -c '" 200 ' "$run/releases.log" || true) served"
    { [ "$upgrades" = "$nodes" ] && [ "$upgraded_nodes" = "$nodes" ]; } || upgrade_status=1
  else
    echo "upgrades: the per-node upgrade count reads the SQLite journal; skipped on postgres"
  fi
fi

if [ "$keep" = 1 ]; then
  echo
  for i in "${!member_pid[@]}"; do
    echo "member $i: $member_scheme://provisioner@127.0.0.1:${member_port[$i]}  console 127.0.0.1:${member_console[$i]}  web http://127.0.0.1:${member_web[$i]}/  metrics http://127.0.0.1:${member_metrics[$i]}/metrics"
  done
  echo "try: $bin cmd 127.0.0.1:${member_console[$(echo "${!member_pid[@]}" | cut -d' ' -f1)]} cluster show"
  echo "Ctrl-C stops everything."
  while true; do sleep 3600; done
fi
[ "$fleet_status" = 0 ] && [ "$report_status" = 0 ] && [ "$chain_status" = 0 ] && [ "$upgrade_status" = 0 ]
