#!/usr/bin/env bash
# End-to-end benchmark: nodes per minute through a real cluster, beside the crypto-only limit measured in
# the same run on the same machine.
#
#   ./scripts/bench.sh [--members 3] [--nodes 20000] [--db sqlite|postgres] [--fleet-connections K]
#                      [--light-nodes 300] [--warmup-nodes 3000] [--discovery-interval 60s] [--kill-member-at P%]
#
# Warm-up machines (not counted) go first, in the peak's fleet process, so the peak measures members and a simulator
# whose hot code is compiled, as in a long-running cluster, rather than the JIT's start-up work.
# The crypto-only limit is measured before the cluster starts and again after it stopped; both are reported
# and the ratio is taken against the higher (the machine's mood moves it up to 2x between runs).
# Latency is the fleet's: from each node's first announcement (queue, admission and earlier attempts
# included) to its answer to restart, p50/p95/p99; the stage breakdown per node comes from the same
# answers. Also: each member's share, peak RSS and CPU per member, fleet and nats-server, CPU per node
# per process, journal events per node; then, at light load (a fleet that keeps about 10% of the peak's
# rate in flight), the p99 again. Discovery sweeps and queue entries skipped as stale in the peak come from the
# members' counters. --kill-member-at SIGKILLs member 1 (the leader's host) when the peak is P% done and reports
# failover: SIGKILL -> the new leader's start and its first sweep (members' logs), and SIGKILL -> the first node
# provisioned from an attempt started after the new leader did (journal and logs). Writes JSON and a markdown table to bench/results/ and ends with
#   nodes_per_min=X crypto_bound_per_min=Y ratio=Z p99_ms=W members=M db=D
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

members=3 nodes=20000 db=sqlite connections=4 light_nodes=300 warmup_nodes=3000 discovery_interval=60s kill_at=""
usage() { sed -n '5,6p' "$0" | sed 's/^# *//'; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --members) members=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    --db) db=$2; shift 2 ;;
    --fleet-connections) connections=$2; shift 2 ;;
    --light-nodes) light_nodes=$2; shift 2 ;;
    --warmup-nodes) warmup_nodes=$2; shift 2 ;;
    --discovery-interval) discovery_interval=$2; shift 2 ;;
    --kill-member-at) kill_at=${2%\%}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "bench: unknown option $1" >&2; usage ;;
  esac
done
if [ -n "$kill_at" ]; then
  [ "$kill_at" -ge 1 ] 2>/dev/null && [ "$kill_at" -le 99 ] || { echo "bench: --kill-member-at must be a percentage from 1 to 99" >&2; exit 2; }
  [ "$members" -ge 3 ] 2>/dev/null || { echo "bench: --kill-member-at needs at least 3 members (keep-majority must keep a majority)" >&2; exit 2; }
fi
# shellcheck source=lib/cluster.sh
source "$root/scripts/lib/cluster.sh"
bench_setup bench

dotnet build "$root/bench/Provisioner.Bench" -c Release -nologo -v q >/dev/null
crypto_limit() { # name: runs the crypto-only pipeline on all cores for 10 s, writes $run/name.json, prints the rate
  echo "crypto-only pipeline on all cores (10 s, $1)..." >&2
  dotnet "$root/bench/Provisioner.Bench/bin/Release/net10.0/provisioner-bench.dll" crypto --seconds 10 --json "$run/$1.json" >"$run/$1.log"
  sed -nE 's/.*crypto_bound_per_min=([0-9.]+).*/\1/p' "$run/$1.log" | tail -1
}
crypto_before=$(crypto_limit crypto-before)
echo "crypto_bound_per_min=$crypto_before (before the cluster)"

cluster_prepare
# The product's sweep interval (the demo sweeps every 20 s): the leader skips queue entries older than two
# intervals, and a burst that takes longer than that to drain would measure re-discovery, not onboarding.
echo "provisioner.discovery-interval = $discovery_interval" >>"$run/member.conf"
cluster_member_conf_overrides
echo "starting $members members on $db..."
cluster_start_members "$members"

# Peak RSS (VmHWM, kB) and CPU seconds (utime+stime) of a live process.
peak_rss_mb() { awk '/^VmHWM/{printf "%d", $2/1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14+$15)/hz}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# CPU seconds of the PostgreSQL server: the postmaster, its reaped children (cutime+cstime) and its live
# children (backends, WAL writer, checkpointer), which is where the journal's queries are executed.
postgres_cpu_s() {
  [ "$db" = postgres ] || { echo 0; return; }
  local pid; pid=$(. "$root/.run/postgres.env" && echo "$PG_PID")
  # Processes come and go while /proc is read: cat skips the ones gone, awk sees whole lines.
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v hz="$(getconf CLK_TCK)" -v pid="$pid" '
    { self = ($1 == pid); sub(/^[0-9]+ \(.*\) /, "")
      if (self) t += $12 + $13 + $14 + $15; else if ($2 == pid) t += $12 + $13 }
    END { printf "%.1f", t / hz }'
}

kill_time="" killed_sweeps=0 killed_stale=0
# The counters the peak is measured from, read just before its nodes start.
peak_start() {
  echo "peak load: $nodes simulated machines announcing at once..."
  declare -gA cpu_before=()
  for i in "${!member_pid[@]}"; do cpu_before[$i]=$(cpu_s "${member_pid[$i]}"); done
  nats_cpu_before=$(cpu_s "$nats_pid")
  postgres_cpu_before=$(postgres_cpu_s)
  provisioned_before=$(cluster_metric_sum choria_provisioner_provisioned)
  sweeps_before=$(cluster_metric_sum choria_provisioner_discover_cycles)
  stale_before=$(cluster_metric_sum choria_provisioner_stale_skipped)
}
run_fleet() { # nodes prefix concurrency log [json] [kill_pct] [warmup_nodes]; $fleet_on_start runs as the counted nodes start
  # With warm-up nodes, the same process first provisions those (not counted), then waits for the start file, so
  # the counted nodes meet a simulator whose code is compiled; its CPU is counted from the start file on.
  local warm=${7:-0} go="$run/$2.start"
  "$bin" fleet --nodes "$1" --identity-prefix "$2" --concurrency "$3" --connections "$connections" \
    --token-file "$run/provisioning.jwt" --broker "$nats_url" --timeout 3600 ${5:+--json "$5"} \
    ${7:+--warmup-nodes "$warm" --warmup-prefix warmup --start-file "$go"} >"$4" 2>&1 &
  fleet_pid=$!
  fleet_rss=0 fleet_cpu=0
  local fleet_cpu_before=0 fleet_cpu_now=0
  if [ "$warm" -gt 0 ]; then
    echo "warm-up: $warm simulated machines in the same fleet process (not counted)..."
    until grep -q "^Waiting for" "$4" 2>/dev/null; do kill -0 "$fleet_pid" 2>/dev/null || break; sleep 0.2; done
    grep "^Warm-up done" "$4" || echo "fleet (warm-up) did not finish: see $4"
    "$bin" report --db "$db" --db-connection "$connection" --identity-prefix warmup --expect "$warm" --wait 180 >/dev/null || true
    fleet_cpu_before=$(cpu_s "$fleet_pid")
  fi
  [ -z "${fleet_on_start:-}" ] || "$fleet_on_start"
  [ -z "${7:-}" ] || : >"$go"
  while kill -0 "$fleet_pid" 2>/dev/null; do
    # A process that just exited (a zombie) has no VmHWM and reads less CPU time than it used: keep the highest reading.
    local r c
    r=$(peak_rss_mb "$fleet_pid"); c=$(cpu_s "$fleet_pid")
    [ -n "$r" ] && [ "$r" != 0 ] && fleet_rss=$r
    [ -n "$c" ] && awk -v c="$c" -v m="$fleet_cpu_now" 'BEGIN { exit !(c > m) }' && fleet_cpu_now=$c
    if [ -n "${6:-}" ] && [ -z "$kill_time" ] && [ $(( $(cluster_metric_sum choria_provisioner_provisioned) - provisioned_before )) -ge $(( $1 * $6 / 100 )) ]; then
      # Member 1 is the oldest, so it hosts the leader singleton. Its counters die with it: read them first.
      killed_sweeps=$(cluster_metric_sum choria_provisioner_discover_cycles 1); killed_stale=$(cluster_metric_sum choria_provisioner_stale_skipped 1)
      kill -KILL "${member_pid[1]}"; kill_time=$(cluster_now_iso); unset 'member_pid[1]'
      echo "SIGKILL member 1 (leader host) at $kill_time"
    fi
    sleep 1
  done
  set +e; wait "$fleet_pid"; local status=$?; set -e; fleet_pid=""
  fleet_cpu=$(python3 -c "print(round($fleet_cpu_now - $fleet_cpu_before, 1))")
  return $status
}

fleet_on_start=peak_start run_fleet "$nodes" peak "$nodes" "$run/fleet-peak.log" "$run/fleet-peak.json" "$kill_at" "$warmup_nodes" || echo "fleet (peak) did not provision every node: see $run/fleet-peak.log"
nats_cpu=$(python3 -c "print(round($(cpu_s "$nats_pid") - $nats_cpu_before, 1))")
postgres_cpu=$(python3 -c "print(round($(postgres_cpu_s) - $postgres_cpu_before, 1))")
tail -5 "$run/fleet-peak.log"
failover_logs="- -" leader_args=()
if [ -n "$kill_time" ]; then
  read -r lead_s sweep_s new_leader_at < <(cluster_failover_times "$kill_time")
  failover_logs="$lead_s $sweep_s"
  echo "failover (members' logs): new leader started, first sweep done (s after the SIGKILL): $failover_logs"
  # The dead leader's last starts begin on the survivors just after the kill: count attempts from the new leader's start.
  [ "${new_leader_at:--}" != - ] && leader_args=(--new-leader-at "$new_leader_at")
fi
"$bin" report --db "$db" --db-connection "$connection" --identity-prefix peak --members "$members" --expect "$nodes" --wait 180 --json "$run/peak.json" ${kill_time:+--killed-at "$kill_time"} "${leader_args[@]}" | tee "$run/peak-report.txt"
sweeps=$(( $(cluster_metric_sum choria_provisioner_discover_cycles) + killed_sweeps - sweeps_before ))
stale=$(( $(cluster_metric_sum choria_provisioner_stale_skipped) + killed_stale - stale_before ))
echo "peak: $sweeps discovery sweeps, $stale queue entries skipped as stale (members' counters)"
peak_fleet_rss=$fleet_rss peak_fleet_cpu=$fleet_cpu
declare -A rss=() cpu=()
# CPU is the peak's alone (after the warm-up); RSS is the process's peak so far.
for i in "${!member_pid[@]}"; do
  rss[$i]=$(peak_rss_mb "${member_pid[$i]}")
  cpu[$i]=$(python3 -c "print(round($(cpu_s "${member_pid[$i]}") - ${cpu_before[$i]}, 1))")
done

# Light load: the same cluster, a fleet that keeps few machines in flight.
steady=$(python3 -c "import json; print(json.load(open('$run/peak.json'))['steady_nodes_per_min'])")
light_concurrency=$(python3 -c "print(max(2, int($steady / 10 / 60 * 3)))")
echo "light load: $light_nodes machines, at most $light_concurrency in flight (about 10% of the peak rate)..."
run_fleet "$light_nodes" light "$light_concurrency" "$run/fleet-light.log" "$run/fleet-light.json" || echo "fleet (light) did not provision every node"
"$bin" report --db "$db" --db-connection "$connection" --identity-prefix light --expect "$light_nodes" --wait 120 --json "$run/light.json" >"$run/light-report.txt" || true

# The second crypto-only measure, on the same machine with the cluster stopped.
cluster_stop_members
crypto_after=$(crypto_limit crypto-after)
echo "crypto_bound_per_min=$crypto_after (after the cluster)"

python3 - "$run" "$results/$stamp" "$crypto_before" "$crypto_after" "$members" "$db" "$nodes" "$light_nodes" "$peak_fleet_rss" "$peak_fleet_cpu" "$(for i in "${!rss[@]}"; do echo "member$i:${rss[$i]}:${cpu[$i]}"; done | tr '\n' ' ')" "$warmup_nodes" "$nats_cpu" "$sweeps" "$stale" "$kill_time" "$failover_logs" "$postgres_cpu" <<'PY'
import json, sys
run, out, crypto_before, crypto_after, members, db, nodes, light_nodes, fleet_rss, fleet_cpu, member_stats, warmup_nodes, nats_cpu, sweeps, stale, kill_time, failover_logs, postgres_cpu = sys.argv[1:19]
peak = json.load(open(f"{run}/peak.json"))
light = json.load(open(f"{run}/light.json"))
fleet_peak = json.load(open(f"{run}/fleet-peak.json"))
fleet_light = json.load(open(f"{run}/fleet-light.json"))
crypto_json = json.load(open(f"{run}/crypto-before.json"))
crypto_before, crypto_after = float(crypto_before or 0), float(crypto_after or 0)
# The ratio is taken against the higher of the two: the limit the machine showed it can reach.
crypto = max(crypto_before, crypto_after)
n = int(nodes)
mstats = {}
for part in member_stats.split():
    name, r, c = part.split(":")
    mstats[name] = {"peak_rss_mb": int(r), "cpu_s": float(c)}
member_cpu = sum(m["cpu_s"] for m in mstats.values())
latency = fleet_peak["first_announcement_to_restart_answered"]
light_latency = fleet_light["first_announcement_to_restart_answered"]
result = {
    "machine": crypto_json.get("machine"),
    "members": int(members), "db": db, "nodes": n,
    "crypto_bound_per_min": round(crypto),
    "crypto_bound_per_min_before": round(crypto_before), "crypto_bound_per_min_after": round(crypto_after),
    "nodes_per_min": peak["steady_nodes_per_min"],
    "nodes_per_min_whole_run": peak["nodes_per_min"],
    "ratio": round(peak["steady_nodes_per_min"] / crypto, 3) if crypto else None,
    # From each node's first announcement to its answer to restart, as the fleet saw it.
    "p50_ms": latency["p50_ms"], "p95_ms": latency["p95_ms"], "p99_ms": latency["p99_ms"],
    "first_announcement_to_provisioned": fleet_peak["first_announcement_to_provisioned"],
    # The journal's view, for comparison: the final attempt's start to the restart reply (no queue, no earlier attempts).
    "final_attempt_p50_ms": peak["p50_ms"], "final_attempt_p95_ms": peak["p95_ms"], "final_attempt_p99_ms": peak["p99_ms"],
    "stages_ms": {s["name"]: {"p50": s["time"]["p50_ms"], "p95": s["time"]["p95_ms"], "mean": s["time"]["mean_ms"]} for s in fleet_peak["stages"]},
    "cpu_ms_per_node": {"members": round(member_cpu * 1000 / n, 2), "fleet": round(float(fleet_cpu) * 1000 / n, 2),
                        "nats_server": round(float(nats_cpu) * 1000 / n, 2),
                        **({"postgres_server": round(float(postgres_cpu) * 1000 / n, 2)} if db == "postgres" else {})},
    "journal_events_per_node": peak["journal_events_per_node"],
    "per_member": peak["per_member"],
    "member_resources": mstats,
    "member_cpu_ms_per_node": round(member_cpu * 1000 / n, 2),
    # The fleet does the same work per node in every run, so its CPU is this run's yardstick of the box's speed:
    # the members' CPU over it moves with the members' code, where the members' milliseconds also move with the box.
    "members_over_fleet_cpu": round(member_cpu / float(fleet_cpu), 2) if float(fleet_cpu) > 0 else None,
    "warmup_nodes": int(warmup_nodes),
    "fleet_resources": {"peak_rss_mb": int(fleet_rss), "cpu_s": float(fleet_cpu)},
    "nats_server_cpu_s": float(nats_cpu),
    "light_load": {"nodes": int(light_nodes), "p50_ms": light_latency["p50_ms"], "p95_ms": light_latency["p95_ms"], "p99_ms": light_latency["p99_ms"],
                   "final_attempt_p50_ms": light["p50_ms"], "final_attempt_p99_ms": light["p99_ms"],
                   "nodes_per_min": light["steady_nodes_per_min"]},
    "failed": peak["failed"], "signed_twice": peak["signed_twice"],
    # The leader's counters over the peak, summed over the members (the killed one's read just before its kill).
    "discovery_sweeps": int(sweeps), "stale_skipped": int(stale),
}
if kill_time:
    lead, sweep = (None if v == "-" else float(v) for v in failover_logs.split())
    journal_failover = peak.get("failover") or {}
    result["failover"] = {
        "killed": "member 1 (the leader's host), SIGKILL", "killed_at": kill_time,
        "kill_to_new_leader_s": lead,
        "kill_to_first_sweep_s": sweep,
        "kill_to_first_provisioned_s": journal_failover.get("kill_to_first_provisioned_s"),
        "measured_as": {
            "kill_to_new_leader_s": "first 'provisioning leader started' line stamped after the kill, any member's log (it sends its first sweep at once)",
            "kill_to_first_sweep_s": "first 'sweep 1 found' line stamped after the kill: the new leader's first sweep answered and its nodes queued",
            "kill_to_first_provisioned_s": journal_failover.get("measured_as"),
        },
        "attempts_counted_from": journal_failover.get("counted_from"),
        "nodes_from_attempts_counted": journal_failover.get("nodes_from_attempts_counted"),
        "note": "member CPU and RSS leave out the killed member",
    }
json.dump(result, open(out + ".json", "w"), indent=2)
with open(out + ".md", "w") as md:
    md.write(f"| measure | value |\n|---|---|\n")
    for k in ["members", "db", "warmup_nodes", "nodes", "crypto_bound_per_min_before", "crypto_bound_per_min_after", "nodes_per_min", "ratio", "p50_ms", "p95_ms", "p99_ms", "final_attempt_p99_ms", "journal_events_per_node", "member_cpu_ms_per_node", "members_over_fleet_cpu", "discovery_sweeps", "stale_skipped", "failed", "signed_twice"]:
        md.write(f"| {k} | {result[k]} |\n")
    if "failover" in result:
        for k in ["kill_to_new_leader_s", "kill_to_first_sweep_s", "kill_to_first_provisioned_s"]:
            md.write(f"| failover {k} ({result['failover']['measured_as'][k]}) | {result['failover'][k]} |\n")
    for name, s in mstats.items():
        md.write(f"| {name} peak RSS / CPU in the peak | {s['peak_rss_mb']} MB / {s['cpu_s']} s |\n")
    md.write(f"| fleet peak RSS / CPU | {fleet_rss} MB / {fleet_cpu} s |\n")
    md.write(f"| nats-server CPU in the peak | {nats_cpu} s |\n")
    if db == "postgres":
        md.write(f"| PostgreSQL server CPU in the peak (postmaster and backends) | {postgres_cpu} s |\n")
    md.write(f"| light load p50 / p99 (first announcement) | {light_latency['p50_ms']} / {light_latency['p99_ms']} ms at {light['steady_nodes_per_min']} nodes/min |\n")
print(json.dumps(result, indent=2))
print("per node, peak (CPU ms by process; time p50/p95 ms by stage, from the fleet's answers):")
print("  cpu_ms " + " ".join(f"{k}={v}" for k, v in result["cpu_ms_per_node"].items())
      + f" (members over fleet {result['members_over_fleet_cpu']}: the fleet's work per node is nearly the same in every run)")
print("  stage_ms " + " ".join(f"{k}={v['p50']:.0f}/{v['p95']:.0f}" for k, v in result["stages_ms"].items()))
print(f"queue churn: {sweeps} sweeps, {stale} stale skips in the peak")
if "failover" in result:
    f = result["failover"]
    print(f"failover: SIGKILL -> new leader {f['kill_to_new_leader_s']} s, -> its first sweep done {f['kill_to_first_sweep_s']} s (logs); -> first node provisioned from an attempt started after {'the new leader did' if f['kill_to_new_leader_s'] is not None else 'the kill'} {f['kill_to_first_provisioned_s']} s (journal)")
print(f"crypto_bound_per_min before={crypto_before:.0f} after={crypto_after:.0f} (ratio against the higher)")
print(f"nodes_per_min={result['nodes_per_min']:.0f} crypto_bound_per_min={crypto:.0f} ratio={result['ratio']} p99_ms={result['p99_ms']:.0f} members={members} db={db}")
PY
