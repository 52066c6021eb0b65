#!/usr/bin/env bash
# End-to-end benchmark: nodes per minute through a real cluster, beside the crypto-only limit measured in
# the same run on the same machine.
#
#   ./scripts/bench.sh [--members 3] [--nodes 20000] [--db sqlite|postgres] [--fleet-connections K]
#                      [--light-nodes 300] [--warmup-nodes 3000] [--discovery-interval 60s]
#
# A warm-up fleet (not counted) runs first, so the peak measures members whose hot code is compiled, as
# in a long-running cluster, rather than the JIT's start-up work.
# Prints both figures and their ratio, p50/p95/p99 time from announcement to provisioned, each member's
# share, peak RSS and CPU per member and for the fleet, and journal events per node; then, at light load
# (a fleet that keeps about 10% of the peak's rate in flight), the p99 again. Writes JSON and a markdown
# table to bench/results/ and ends with
#   nodes_per_min=X crypto_bound_per_min=Y ratio=Z p99_ms=W members=M db=D
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

members=3 nodes=20000 db=sqlite connections=4 light_nodes=300 warmup_nodes=3000 discovery_interval=60s
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
    -h|--help) usage ;;
    *) echo "bench: unknown option $1" >&2; usage ;;
  esac
done
# shellcheck source=lib/cluster.sh
source "$root/scripts/lib/cluster.sh"
bench_setup bench

echo "crypto-only pipeline on all cores (10 s)..."
dotnet build "$root/bench/Provisioner.Bench" -c Release -nologo -v q >/dev/null
dotnet "$root/bench/Provisioner.Bench/bin/Release/net10.0/provisioner-bench.dll" crypto --seconds 10 --json "$run/crypto.json" | tee "$run/crypto.log"
crypto=$(sed -nE 's/.*crypto_bound_per_min=([0-9.]+).*/\1/p' "$run/crypto.log" | tail -1)

cluster_prepare
# The product's sweep interval (the demo sweeps every 20 s): the leader skips queue entries older than two
# intervals, and a burst that takes longer than that to drain would measure re-discovery, not onboarding.
echo "provisioner.discovery-interval = $discovery_interval" >>"$run/member.conf"
echo "starting $members members on $db..."
cluster_start_members "$members"

# Peak RSS (VmHWM, kB) and CPU seconds (utime+stime) of a live process.
peak_rss_mb() { awk '/^VmHWM/{printf "%d", $2/1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14+$15)/hz}' "/proc/$1/stat" 2>/dev/null || echo 0; }

run_fleet() { # nodes prefix concurrency log
  "$bin" fleet --nodes "$1" --identity-prefix "$2" --concurrency "$3" --connections "$connections" \
    --token-file "$run/provisioning.jwt" --broker "$nats_url" --timeout 3600 >"$4" 2>&1 &
  fleet_pid=$!
  fleet_rss=0 fleet_cpu=0
  while kill -0 "$fleet_pid" 2>/dev/null; do
    # A process that just exited (a zombie) has no VmHWM: keep the last reading.
    local r c
    r=$(peak_rss_mb "$fleet_pid"); c=$(cpu_s "$fleet_pid")
    [ -n "$r" ] && [ "$r" != 0 ] && fleet_rss=$r
    [ -n "$c" ] && fleet_cpu=$c
    sleep 1
  done
  set +e; wait "$fleet_pid"; local status=$?; set -e; fleet_pid=""
  return $status
}

if [ "$warmup_nodes" -gt 0 ]; then
  echo "warm-up: $warmup_nodes simulated machines (not counted)..."
  run_fleet "$warmup_nodes" warmup "$warmup_nodes" "$run/fleet-warmup.log" || echo "fleet (warm-up) did not provision every node: see $run/fleet-warmup.log"
  "$bin" report --db "$db" --db-connection "$connection" --identity-prefix warmup --expect "$warmup_nodes" --wait 180 >/dev/null || true
fi
declare -A cpu_before=()
for i in "${!member_pid[@]}"; do cpu_before[$i]=$(cpu_s "${member_pid[$i]}"); done

echo "peak load: $nodes simulated machines announcing at once..."
run_fleet "$nodes" peak "$nodes" "$run/fleet-peak.log" || echo "fleet (peak) did not provision every node: see $run/fleet-peak.log"
tail -3 "$run/fleet-peak.log"
"$bin" report --db "$db" --db-connection "$connection" --identity-prefix peak --members "$members" --expect "$nodes" --wait 180 --json "$run/peak.json" | tee "$run/peak-report.txt"
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
run_fleet "$light_nodes" light "$light_concurrency" "$run/fleet-light.log" || echo "fleet (light) did not provision every node"
"$bin" report --db "$db" --db-connection "$connection" --identity-prefix light --expect "$light_nodes" --wait 120 --json "$run/light.json" >"$run/light-report.txt" || true

python3 - "$run" "$results/$stamp" "$crypto" "$members" "$db" "$nodes" "$light_nodes" "$peak_fleet_rss" "$peak_fleet_cpu" "$(for i in "${!rss[@]}"; do echo "member$i:${rss[$i]}:${cpu[$i]}"; done | tr '\n' ' ')" "$warmup_nodes" <<'PY'
import json, sys, platform, os
run, out, crypto, members, db, nodes, light_nodes, fleet_rss, fleet_cpu, member_stats, warmup_nodes = sys.argv[1:12]
peak = json.load(open(f"{run}/peak.json"))
light = json.load(open(f"{run}/light.json"))
crypto_json = json.load(open(f"{run}/crypto.json"))
crypto = float(crypto)
# The fleet's own view of the light run (announcement to back in provisioned mode, restart delay included).
light_line = [l for l in open(f"{run}/fleet-light.log") if "time to provision" in l]
mstats = {}
for part in member_stats.split():
    name, r, c = part.split(":")
    mstats[name] = {"peak_rss_mb": int(r), "cpu_s": float(c)}
result = {
    "machine": crypto_json.get("machine"),
    "members": int(members), "db": db, "nodes": int(nodes),
    "crypto_bound_per_min": round(crypto),
    "nodes_per_min": peak["steady_nodes_per_min"],
    "nodes_per_min_whole_run": peak["nodes_per_min"],
    "ratio": round(peak["steady_nodes_per_min"] / crypto, 3) if crypto else None,
    "p50_ms": peak["p50_ms"], "p95_ms": peak["p95_ms"], "p99_ms": peak["p99_ms"],
    "journal_events_per_node": peak["journal_events_per_node"],
    "per_member": peak["per_member"],
    "member_resources": mstats,
    "member_cpu_ms_per_node": round(sum(m["cpu_s"] for m in mstats.values()) * 1000 / int(nodes), 2),
    "warmup_nodes": int(warmup_nodes),
    "fleet_resources": {"peak_rss_mb": int(fleet_rss), "cpu_s": float(fleet_cpu)},
    "light_load": {"nodes": int(light_nodes), "p50_ms": light["p50_ms"], "p99_ms": light["p99_ms"],
                   "nodes_per_min": light["steady_nodes_per_min"],
                   "fleet_summary": light_line[-1].strip() if light_line else None},
    "failed": peak["failed"], "signed_twice": peak["signed_twice"],
}
json.dump(result, open(out + ".json", "w"), indent=2)
with open(out + ".md", "w") as md:
    md.write(f"| measure | value |\n|---|---|\n")
    for k in ["members", "db", "warmup_nodes", "nodes", "crypto_bound_per_min", "nodes_per_min", "ratio", "p50_ms", "p95_ms", "p99_ms", "journal_events_per_node", "member_cpu_ms_per_node", "failed", "signed_twice"]:
        md.write(f"| {k} | {result[k]} |\n")
    for name, s in mstats.items():
        md.write(f"| {name} peak RSS / CPU in the peak | {s['peak_rss_mb']} MB / {s['cpu_s']} s |\n")
    md.write(f"| fleet peak RSS / CPU | {fleet_rss} MB / {fleet_cpu} s |\n")
    md.write(f"| light load p50 / p99 | {light['p50_ms']} / {light['p99_ms']} ms at {light['steady_nodes_per_min']} nodes/min |\n")
print(json.dumps(result, indent=2))
print(f"nodes_per_min={result['nodes_per_min']:.0f} crypto_bound_per_min={crypto:.0f} ratio={result['ratio']} p99_ms={peak['p99_ms']:.0f} members={members} db={db}")
PY
