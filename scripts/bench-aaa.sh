#!/usr/bin/env bash
# AAA signing benchmark: signings per second through the aaa_signer NATS service of a cluster.
#
#   ./scripts/bench-aaa.sh [--members 3] [--seconds 10] [--concurrency 32] [--db sqlite|postgres]
#
# Starts nats-server and the members (each serving the same aaasvc configuration: userlist, basicjwt,
# actionlist, choria_service, audit in the journal), then runs `provisioner-bench aaa-sign` against them and
# checks that the journal holds one audit record per signing. Ends with the bench's line:
#   warmup_signed=W signed=N failed=0 seconds=S signings_per_s=X p50_ms=A p99_ms=B concurrency=C
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

members=3 seconds=10 concurrency=32 db=sqlite
usage() { sed -n '4,5p' "$0" | sed 's/^# *//'; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --members) members=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --db) db=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "bench-aaa: unknown option $1" >&2; usage ;;
  esac
done
# shellcheck source=lib/cluster.sh
source "$root/scripts/lib/cluster.sh"
bench_setup bench-aaa
cluster_prepare

# The login key signs client tokens; an RSA CA stands in for the privileged certificate that wraps requests.
"$bin" aaa keygen --type rsa "$run/aaa-login.key" "$run/aaa-login.pem" >/dev/null
"$bin" ca init --out "$run/aaa-privileged" --key rsa --cn aaa.privileged.mcollective >/dev/null
printf 'plugin.security.file.certificate = %s\nplugin.security.file.key = %s\n' "$run/aaa-privileged/ca.pem" "$run/aaa-privileged/ca.key" >"$run/aaa-choria.conf"
echo bench-password >"$run/aaa-password"
"$bin" aaa user add --users-file "$run/aaa-users.json" --username bench --acl 'rpcutil.*' --password-file "$run/aaa-password" --cost 5 >/dev/null
cat >"$run/aaasvc.json" <<JSON
{
  "site": "bench", "choria_config": "$run/aaa-choria.conf",
  "authenticator": "userlist", "signer": "basicjwt", "authorizer": "actionlist",
  "userlist_authenticator": {"validity": "1h", "signing_key": "$run/aaa-login.key", "users_file": "$run/aaa-users.json"},
  "basicjwt_signer": {"signing_certificate": "$run/aaa-login.pem", "max_validity": "2h", "choria_service": true}
}
JSON
sed -i 's|^}$|  aaa { config = "'"$run"'/aaasvc.json", collective = "choria" }\n}|' "$run/member.conf"
echo "starting $members members on $db..."
cluster_start_members "$members"

dotnet build "$root/bench/Provisioner.Bench" -c Release -nologo -v q >/dev/null
echo "signing for $seconds s with $concurrency in flight..."
dotnet "$root/bench/Provisioner.Bench/bin/Release/net10.0/provisioner-bench.dll" aaa-sign --aaa-config "$run/aaasvc.json" \
  --nats "$nats_url" --seconds "$seconds" --concurrency "$concurrency" | tee "$run/aaa-sign.log"
records=$("$bin" aaa audit --db "$db" --db-connection "$connection" --user bench --limit 100000000 | wc -l)
echo "audit_records=$records (expected warmup_signed + signed)"
