# Shared by scripts/demo.sh and scripts/bench.sh (sourced, not run): build the executable, make keys,
# start nats-server, PostgreSQL and members on free 127.0.0.1 ports, and stop all of it by pid.
# Expects: root (repo), run (work dir), db (sqlite|postgres), secure (0|1). Sets: bin, nats_url, connection.

declare -A member_pid=() member_port=() member_metrics=() member_console=() member_web=()
nats_pid="" fleet_pid="" seeds=""
# Members authenticate each other with certificates from the run's CA (cluster_prepare), so addresses are TLS ones.
member_scheme="akka.ssl.tcp"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

cluster_build() {
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  # Published ReadyToRun: precompiled code spares each member most of its start-up JIT (measured in
  # bench/README.md: member CPU -30% on a 10,000-node run). PROVISIONER_BIN runs another build instead.
  local rid out="$root/.run/provisioner"
  if [ -n "${PROVISIONER_BIN:-}" ]; then bin=$PROVISIONER_BIN; return; fi
  rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)
  echo "building (ReadyToRun, $rid)..."
  dotnet publish "$root/src/Provisioner.Host" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
    -o "$out" -nologo -v q >/dev/null
  bin="$out/provisioner"
}

# For the benchmarks: checks --db, installs what the journal needs, builds, makes the run folder
# $root/.run/<name>-<stamp> and bench/results, and stops everything on exit. Sets: stamp, run, results.
bench_setup() {
  local name=$1 deps=(nats)
  case "$db" in sqlite|postgres) ;; *) echo "$name: --db must be sqlite or postgres" >&2; exit 2 ;; esac
  [ "$db" = postgres ] && deps+=(postgres)
  "$root/scripts/install-deps.sh" "${deps[@]}"
  cluster_build
  stamp=$(date +%Y%m%d-%H%M%S)
  run="$root/.run/$name-$stamp"
  results="$root/bench/results"
  mkdir -p "$run" "$results"
  trap cluster_cleanup EXIT
  trap 'exit 130' INT TERM
}

# SIGTERM to every member (they leave gracefully), SIGKILL after 20 s; forgets them so they can start again.
cluster_stop_members() {
  for i in "${!member_pid[@]}"; do kill -TERM "${member_pid[$i]}" 2>/dev/null || true; done
  for i in "${!member_pid[@]}"; do
    for _ in $(seq 1 100); do kill -0 "${member_pid[$i]}" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "${member_pid[$i]}" 2>/dev/null || true
    wait "${member_pid[$i]}" 2>/dev/null || true
  done
  member_pid=() seeds=""
}

cluster_cleanup() {
  set +e
  [ -n "$fleet_pid" ] && kill "$fleet_pid" 2>/dev/null
  cluster_stop_members
  [ -n "$nats_pid" ] && kill "$nats_pid" 2>/dev/null && wait "$nats_pid" 2>/dev/null
  [ "${secure:-0}" = 1 ] && "$root/scripts/secure-broker.sh" stop --dir "$run/broker" >/dev/null 2>&1
  [ "$db" = postgres ] && "$root/scripts/postgres.sh" stop >/dev/null 2>&1
}

# Keys, CA, the member certificate (one for all members: they share 127.0.0.1), the provisioning token every
# simulated machine holds, nats-server, the journal and member.conf.
# With secure=1 the broker is `provisioner broker init` output (operator mode, isolated accounts, key-bound
# credentials, see docs/broker-security.md) instead of an open nats-server.
cluster_prepare() {
  local extensions="" broker_settings=""
  "$bin" ca init --out "$run/ca" --key ec >/dev/null
  "$bin" ca member-cert --ca "$run/ca" --name member --ip 127.0.0.1 --dns localhost --out "$run/cluster-tls" >/dev/null
  "$bin" jwt keygen --type ed25519 "$run/provisioning.seed" "$run/provisioning.pub" >/dev/null
  "$bin" jwt keygen --type ed25519 "$run/server-jwt.seed" "$run/server-jwt.pub" >/dev/null
  if [ "${secure:-0}" = 1 ]; then
    eval "$(PROVISIONER_BIN="$bin" "$root/scripts/secure-broker.sh" start --dir "$run/broker")"
    nats_url=$BROKER_URL
    extensions=$(python3 -c 'import json,sys; print(json.dumps({"nats_jwt": open(sys.argv[1]).read().strip()}))' "$PROVISIONING_BEARER_JWT_FILE")
    broker_settings="nats.creds = \"$PROVISIONER_CREDS\"
  fleet.broker-dir = \"$BROKER_DIR\""
  else
    nats_url="nats://127.0.0.1:$(free_port)"
    nats-server -a 127.0.0.1 -p "${nats_url##*:}" -js -sd "$run/jetstream" >"$run/nats.log" 2>&1 &
    nats_pid=$!
  fi
  local token_seed="$run/provisioning.seed" verify_key="$run/provisioning.pub" chain_settings="" v2_flag=""
  if [ "${protocol:-v1}" = v2 ]; then
    # An org issuer network (choria-v2 §2): the org key signs the provisioning token (v2: true) and the provisioner's
    # chain signer token; every server JWT is issued through that chain and verifies with the org key alone.
    "$bin" jwt issuer "$run/org.seed" "$run/org.pub" >/dev/null
    "$bin" jwt chain-signer "$run/signer.jwt" "$run/org.seed" --public-key "$(cat "$run/server-jwt.pub")" --validity 30d >/dev/null
    token_seed="$run/org.seed" verify_key="$run/org.pub" v2_flag="--protocol-v2"
    chain_settings="server-jwt.signing-token = \"$run/signer.jwt\""
  fi
  # With upgrade_to set (demo --upgrade-to) the token's update claim lets nodes take release_update.
  "$bin" jwt provisioning "$run/provisioning.jwt" "$token_seed" --token demo-token --urls "$nats_url" $v2_flag ${upgrade_to:+--update} \
    ${extensions:+--extensions "$extensions"} >/dev/null
  if [ "$db" = postgres ]; then
    # Not eval: the connection string's ';' would split it into several shell commands.
    connection=$("$root/scripts/postgres.sh" start | sed -n 's/^PROVISIONER_DB_CONNECTION=//p')
  else
    connection="Data Source=$run/journal.db"
  fi
  cat >"$run/member.conf" <<CONF
provisioner {
  token = "demo-token"
  jwt-verify-key = "$verify_key"
  ca-dir = "$run/ca"
  server-jwt.signing-key = "$run/server-jwt.seed"
  $chain_settings
  nats.url = "$nats_url"
  $broker_settings
  # The simulated fleet announces itself with startup events; sweeps catch anything missed.
  discovery-interval = 20s
  cluster.tls {
    cert = "$run/cluster-tls/member.pem"
    key = "$run/cluster-tls/member.key"
    ca = "$run/cluster-tls/ca.pem"
  }
}
CONF
}

# MEMBER_CONF: extra HOCON for the members, for A/B runs of a setting (e.g. akka.persistence.journal.sql.batch-size = 400),
# appended after what the calling script set so that it wins.
cluster_member_conf_overrides() {
  [ -n "${MEMBER_CONF:-}" ] && echo "$MEMBER_CONF" >>"$run/member.conf"
  return 0
}

# Where a member's provisioner settings come from: member.conf, or Choria's files (cluster_choria_files).
member_settings=()

# The demo's settings as a Choria estate has them: choria-provisioner.yaml (Choria's keys, jwt and ed25519 features,
# a helper that returns the node's configuration) and a Choria client configuration naming the broker. Members started
# after this take their provisioner settings only from those two files; cluster TLS comes from flags.
cluster_choria_files() {
  cat >"$run/helper.sh" <<HELPER
#!/bin/sh
# A Choria provisioner helper: the request (identity, CSR, inventory) on stdin, the node's configuration on stdout.
cat >/dev/null
echo '{"configuration":{"plugin.choria.server.provision":"false","plugin.choria.middleware_hosts":"$nats_url"}}'
HELPER
  chmod 0755 "$run/helper.sh"
  cat >"$run/choria-provisioner.yaml" <<YAML
workers: 50
interval: 1m
helper: $run/helper.sh
token: demo-token
site: demo
jwt_verify_cert: $run/provisioning.pub
jwt_signing_key: $run/server-jwt.seed
server_jwt_validity: 1y
lifecycle_component: provision_mode_server
leader_election: true
features:
  jwt: true
  ed25519: true
YAML
  echo "plugin.choria.middleware_hosts = ${nats_url#nats://}" >"$run/choria.cfg"
  member_settings=(--choria-config "$run/choria-provisioner.yaml" --choria-client-config "$run/choria.cfg"
    --cluster-tls-cert "$run/cluster-tls/member.pem" --cluster-tls-key "$run/cluster-tls/member.key" --cluster-tls-ca "$run/cluster-tls/ca.pem")
}

cluster_start_member() {
  local i=$1
  [ ${#member_settings[@]} -eq 0 ] && member_settings=(--config "$run/member.conf")
  member_port[$i]=$(free_port); member_metrics[$i]=$(free_port); member_console[$i]=$(free_port); member_web[$i]=$(free_port)
  [ -z "$seeds" ] && seeds="$member_scheme://provisioner@127.0.0.1:${member_port[$i]}"
  # MEMBER_ENV: extra environment for the members only, for profiling (e.g. DOTNET_JitDisasmSummary=1).
  # shellcheck disable=SC2086
  env PROVISIONER_SEEDS="$seeds" ${MEMBER_ENV:-} "$bin" member "${member_settings[@]}" --port "${member_port[$i]}" \
    --metrics-port "${member_metrics[$i]}" --metrics-bind 127.0.0.1 --console "127.0.0.1:${member_console[$i]}" \
    --web "127.0.0.1:${member_web[$i]}" \
    --db "$db" --db-connection "$connection" >"$run/member$i.log" 2>&1 &
  member_pid[$i]=$!
}

cluster_wait_up() {
  local i=$1
  for _ in $(seq 1 300); do
    # Ready: Up in the cluster, journal answering, NATS connected.
    curl -sf --max-time 1 "127.0.0.1:${member_metrics[$i]}/readyz" >/dev/null 2>&1 && return 0
    kill -0 "${member_pid[$i]}" 2>/dev/null || { echo "member $i exited:"; tail -20 "$run/member$i.log"; exit 1; }
    sleep 0.2
  done
  echo "member $i did not come up in 60 s:"; tail -20 "$run/member$i.log"; exit 1
}

# Starts members 1..n; the first two are seeds, so a member added after the first one dies can still join.
cluster_start_members() {
  local n=$1
  cluster_start_member 1; cluster_wait_up 1
  if [ "$n" -ge 2 ]; then cluster_start_member 2; seeds="$seeds,$member_scheme://provisioner@127.0.0.1:${member_port[2]}"; fi
  for i in $(seq 3 "$n"); do cluster_start_member "$i"; done
  for i in $(seq 2 "$n"); do cluster_wait_up "$i"; done
}

# Nodes provisioned so far, summed over the live members' /metrics.
cluster_provisioned_now() {
  local total=0 n
  for i in "${!member_pid[@]}"; do
    kill -0 "${member_pid[$i]}" 2>/dev/null || continue
    n=$(curl -s --max-time 1 "127.0.0.1:${member_metrics[$i]}/metrics" | awk '/^choria_provisioner_provisioned /{print int($2)}')
    total=$((total + ${n:-0}))
  done
  echo "$total"
}

# A counter summed over the live members' /metrics (members listed in $2.., all live ones by default).
cluster_metric_sum() { # metric [member...]
  local name=$1 total=0 n i; shift
  for i in ${@:-${!member_pid[@]}}; do
    kill -0 "${member_pid[$i]}" 2>/dev/null || continue
    n=$(curl -s --max-time 1 "127.0.0.1:${member_metrics[$i]}/metrics" | awk -v m="$name" '$1 == m {print int($2)}')
    total=$((total + ${n:-0}))
  done
  echo "$total"
}

# The UTC time now, as `provisioner report --killed-at` and cluster_failover_from_logs take it.
cluster_now_iso() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }

# Seconds from a SIGKILL at $1 (ISO 8601 UTC) to the first "provisioning leader started" line stamped after it (the new
# leader, which sends its first sweep at once) and to the first "sweep 1 found" line after it (that sweep's replies
# in and the nodes it found queued), read from every member's log, then the new leader's start as ISO 8601 UTC (for
# `provisioner report --new-leader-at`); "-" for each that is not there.
cluster_failover_from_logs() { # killed_at_iso
  python3 - "$1" "$run"/member*.log <<'PY'
import re, sys
from datetime import datetime, timezone
def at(text):
    return datetime.fromisoformat(text.rstrip("Z")).replace(tzinfo=timezone.utc).timestamp()
kill = at(sys.argv[1])
first = {"leader": None, "sweep": None}
for path in sys.argv[2:]:
    for line in open(path, errors="replace"):
        m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)Z", line)
        if not m or at(m.group(1)) < kill:
            continue
        t = at(m.group(1))
        for key, text in (("leader", "provisioning leader started"), ("sweep", "ProvisioningLeader: sweep 1 found")):
            if text in line and (first[key] is None or t < first[key]):
                first[key] = t
leader_at = "-" if first["leader"] is None else datetime.fromtimestamp(first["leader"], timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
print(" ".join(["-" if first[k] is None else f"{first[k] - kill:.1f}" for k in ("leader", "sweep")] + [leader_at]))
PY
}

# cluster_failover_from_logs, waiting up to $2 s (default 120) for the new leader's first sweep: a short run can end
# before the survivors elect a leader.
cluster_failover_times() { # killed_at_iso [wait_s]
  local times sweep
  for _ in $(seq 1 "${2:-120}"); do
    times=$(cluster_failover_from_logs "$1")
    read -r _ sweep _ <<<"$times"
    [ "$sweep" != - ] && break
    sleep 1
  done
  echo "$times"
}
