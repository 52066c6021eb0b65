#!/usr/bin/env bash
set -euo pipefail
root=/work/wt-old
db=sqlite secure=0
run=/tmp/h2fix/run; rm -rf "$run"; mkdir -p "$run"
source "$root/scripts/lib/cluster.sh"
bin=$root/src/Provisioner.Host/bin/Release/net10.0/provisioner
trap cluster_cleanup EXIT
cluster_prepare
sed -i 's/discovery-interval = 20s/discovery-interval = 5s/' "$run/member.conf"
cluster_start_members 1
set +e
"$bin" fleet --nodes 12 --token-file "$run/provisioning.jwt" --broker "$nats_url" --timeout 180 --concurrency 12 \
  --faults badsig=0.25,drop=0.3,wrongcn=0.15,norestart=0.2 --seed 7 --identity-prefix fix > "$run/fleet.log" 2>&1
echo "fleet exit $?"
"$bin" report --db sqlite --db-connection "$connection" --members 1 --expect 12 --wait 30
set -e
cluster_stop_members
