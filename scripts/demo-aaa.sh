#!/usr/bin/env bash
# AAA demo: a member serving Choria AAA (login over HTTP, signing as the aaa_signer NATS service).
#
#   ./scripts/demo-aaa.sh [--db sqlite|postgres] [--keep-running]
#
# Starts nats-server and one member on free 127.0.0.1 ports with a userlist of one user, bob (password s3cret,
# acls rpcutil.*), then runs what an operator would: provisioner login, a signed request, a refused one, and the
# audit read from the member's console. Each command is printed before it runs, from the run folder, so it can be
# run again by hand there (--keep-running keeps the member and nats-server up until Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

db=sqlite keep=0
usage() { sed -n '4,4p' "$0" | sed 's/^# *//'; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db=$2; shift 2 ;;
    --keep-running) keep=1; shift ;;
    -h|--help) usage ;;
    *) echo "demo-aaa: unknown option $1" >&2; usage ;;
  esac
done
# shellcheck source=lib/cluster.sh
source "$root/scripts/lib/cluster.sh"
bench_setup demo-aaa
cluster_prepare
cd "$run"

# The login key signs client tokens; an RSA CA stands in for the privileged certificate that wraps requests.
"$bin" aaa keygen --type rsa aaa-login.key aaa-login.pem >/dev/null
"$bin" ca init --out aaa-privileged --key rsa --cn aaa.privileged.mcollective >/dev/null
printf 'plugin.security.file.certificate = %s\nplugin.security.file.key = %s\n' "$run/aaa-privileged/ca.pem" "$run/aaa-privileged/ca.key" >aaa-choria.conf
echo s3cret >bob-password
"$bin" aaa user add --users-file aaa-users.json --username bob --acl 'rpcutil.*' --password-file bob-password >/dev/null
aaa_port=$(free_port)
cat >aaasvc.json <<JSON
{
  "site": "demo", "port": $aaa_port, "choria_config": "$run/aaa-choria.conf",
  "authenticator": "userlist", "signer": "basicjwt", "authorizer": "actionlist",
  "auditors": ["logfile"], "logfile_auditor": {"logfile": "$run/aaa-audit.log"},
  "userlist_authenticator": {"validity": "1h", "signing_key": "$run/aaa-login.key", "users_file": "$run/aaa-users.json"},
  "basicjwt_signer": {"signing_certificate": "$run/aaa-login.pem", "max_validity": "2h", "choria_service": true}
}
JSON
# Plain HTTP on loopback for the demo; a real service keeps aaasvc's TLS (tls_certificate, tls_key).
sed -i 's|^}$|  aaa { config = "'"$run"'/aaasvc.json", bind = "127.0.0.1", disable-tls = on, collective = "choria" }\n}|' member.conf
echo "starting a member on $db..."
cluster_start_members 1
# /readyz answers once the member is Up; the AAA service starts just after, so wait for the member's start line.
for _ in $(seq 1 150); do grep -q 'started; NATS' member1.log && break; sleep 0.2; done

# Prints a command as it can be typed in the run folder, then runs it; output lines are cut at 200 characters.
step() {
  echo
  echo "\$ provisioner $*"
  local code=0
  "$bin" "$@" 2>&1 | cut -c1-200 || code=$?
  [ "$code" -ne 0 ] && echo "(exit $code)"
  return 0
}
step login --url "http://127.0.0.1:$aaa_port/choria/v1/login" --token-file home/client.jwt --username bob --password-file bob-password
step aaa sign --agent rpcutil --action ping --token-file home/client.jwt --nats "$nats_url"
step aaa sign --agent puppet --action enable --token-file home/client.jwt --nats "$nats_url"
step cmd "127.0.0.1:${member_console[1]}" aaa audit --user bob
echo
echo "run folder: $run"
if [ "$keep" = 1 ]; then
  echo "member console 127.0.0.1:${member_console[1]}, AAA http://127.0.0.1:$aaa_port, NATS $nats_url; Ctrl-C stops them"
  wait "${member_pid[1]}"
fi
