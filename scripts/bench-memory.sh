#!/usr/bin/env bash
# Memory at scale: provisions a large simulated fleet so its whole history sits in the journal, then restarts
# every member on that journal and measures how long the cluster takes to recover and what each member holds.
#
#   ./scripts/bench-memory.sh [--members 3] [--nodes 100000] [--db sqlite|postgres] [--concurrency 2000]
#
# Reports peak RSS per member during the run, the time from starting the members again to all of them up
# and to a probe fleet of 100 new machines provisioned, RSS per member after the restart, and a console
# look at the shards (remembered entities come back, then passivate). Writes JSON and markdown to
# bench/results/memory-<stamp>.* and ends with
#   journal_nodes=N recovery_up_s=U recovery_probe_s=P max_rss_run_mb=R max_rss_restarted_mb=S members=M db=D
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

members=3 nodes=100000 db=sqlite concurrency=2000 probe=100
usage() { sed -n '5,5p' "$0" | sed 's/^# *//'; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --members) members=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    --db) db=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "bench-memory: unknown option $1" >&2; usage ;;
  esac
done
# shellcheck source=lib/cluster.sh
source "$root/scripts/lib/cluster.sh"
bench_setup bench-memory

rss_mb() { awk -v f="$2" '$1==f":"{printf "%d", $2/1024}' "/proc/$1/status" 2>/dev/null; }
now_s() { date +%s.%N; }
elapsed() { python3 -c "print(round($(now_s) - $1, 1))"; }
max_of() { tr ' ' '\n' | sort -n | tail -1; }
shard_stats() { # console view of the shards and entities per member, best effort
  "$bin" cmd "127.0.0.1:${member_console[1]}" shard stats 2>&1 || true
}

cluster_prepare
cluster_member_conf_overrides
echo "starting $members members on $db..."
cluster_start_members "$members"

echo "provisioning $nodes simulated machines (at most $concurrency in flight)..."
started=$(now_s)
"$bin" fleet --nodes "$nodes" --identity-prefix scale --concurrency "$concurrency" --connections 4 \
  --token-file "$run/provisioning.jwt" --broker "$nats_url" --timeout 7200 >"$run/fleet.log" 2>&1 \
  || echo "fleet did not provision every node: see $run/fleet.log"
run_s=$(elapsed "$started")
tail -2 "$run/fleet.log"
"$bin" report --db "$db" --db-connection "$connection" --identity-prefix scale --expect "$nodes" --wait 600 \
  --json "$run/run.json" >"$run/run-report.txt"
tail -1 "$run/run-report.txt"
run_rss=() live_rss=()
for i in "${!member_pid[@]}"; do
  run_rss+=("$(rss_mb "${member_pid[$i]}" VmHWM)"); live_rss+=("$(rss_mb "${member_pid[$i]}" VmRSS)")
done
echo "peak RSS per member during the run: ${run_rss[*]} MB (now ${live_rss[*]} MB)"
shard_stats >"$run/shards-before-restart.txt"

echo "restarting every member on the journal of $nodes nodes..."
cluster_stop_members
for i in $(seq 1 "$members"); do mv "$run/member$i.log" "$run/member$i-run.log"; done
restarted=$(now_s)
cluster_start_members "$members"
up_s=$(elapsed "$restarted")
"$bin" fleet --nodes "$probe" --identity-prefix probe --concurrency "$probe" --connections 1 \
  --token-file "$run/provisioning.jwt" --broker "$nats_url" --timeout 600 >"$run/fleet-probe.log" 2>&1 \
  || echo "probe fleet did not provision every node: see $run/fleet-probe.log"
probe_s=$(elapsed "$restarted")
shard_stats >"$run/shards-after-restart.txt"
restart_rss=()
for i in "${!member_pid[@]}"; do restart_rss+=("$(rss_mb "${member_pid[$i]}" VmHWM)"); done
echo "all members up after ${up_s} s; probe of $probe machines provisioned ${probe_s} s after the restart"
echo "peak RSS per member since the restart: ${restart_rss[*]} MB"
echo "remembered entities passivate after the attempt-end period; waiting 70 s..."
sleep 70
shard_stats >"$run/shards-settled.txt"
settled_rss=()
for i in "${!member_pid[@]}"; do settled_rss+=("$(rss_mb "${member_pid[$i]}" VmRSS)"); done
"$bin" report --db "$db" --db-connection "$connection" --identity-prefix probe --expect "$probe" --wait 60 \
  >"$run/probe-report.txt" || true

python3 - "$run" "$results/memory-$stamp" "$members" "$db" "$nodes" "$run_s" "$up_s" "$probe_s" \
  "${run_rss[*]}" "${live_rss[*]}" "${restart_rss[*]}" "${settled_rss[*]}" <<'PY'
import json, sys
run, out, members, db, nodes, run_s, up_s, probe_s, run_rss, live_rss, restart_rss, settled_rss = sys.argv[1:13]
report = json.load(open(f"{run}/run.json"))
ints = lambda s: [int(x) for x in s.split()]
result = {
    "members": int(members), "db": db, "journal_nodes": int(nodes),
    "provisioned": report.get("provisioned"), "failed": report.get("failed"), "signed_twice": report.get("signed_twice"),
    "run_s": float(run_s), "run_nodes_per_min": report.get("nodes_per_min"),
    "journal_events_per_node": report.get("journal_events_per_node"),
    "rss_mb": {"run_peak": ints(run_rss), "run_end": ints(live_rss), "restarted_peak": ints(restart_rss),
               "restarted_settled": ints(settled_rss)},
    "recovery_up_s": float(up_s), "recovery_probe_s": float(probe_s),
    "shards": {name: open(f"{run}/shards-{name}.txt").read() for name in ["before-restart", "after-restart", "settled"]},
}
json.dump(result, open(out + ".json", "w"), indent=2)
with open(out + ".md", "w") as md:
    md.write("| measure | value |\n|---|---|\n")
    for k in ["members", "db", "journal_nodes", "provisioned", "failed", "signed_twice", "run_s", "run_nodes_per_min",
              "journal_events_per_node", "recovery_up_s", "recovery_probe_s"]:
        md.write(f"| {k} | {result[k]} |\n")
    for k, v in result["rss_mb"].items():
        md.write(f"| RSS MB per member, {k.replace('_', ' ')} | {' / '.join(map(str, v))} |\n")
print(json.dumps({k: v for k, v in result.items() if k != "shards"}, indent=2))
print(f"journal_nodes={nodes} recovery_up_s={up_s} recovery_probe_s={probe_s} "
      f"max_rss_run_mb={max(ints(run_rss))} max_rss_restarted_mb={max(ints(restart_rss))} members={members} db={db}")
PY
