#!/bin/sh
# One-shot `init` service of docker-compose.yml: creates, once, what members and the fleet share in the
# provisioner-secrets volume (/etc/provisioner): the CA, each member's certificate for cluster TLS, the
# token signing key pair, the agent token and the provisioning JWT. A second run keeps what exists, so restarts never rotate the CA.
set -eu
dir=${PROVISIONER_SECRETS_DIR:-/etc/provisioner}
umask 077
mkdir -p "$dir/ca" "$dir/keys"

[ -f "$dir/ca/ca.pem" ] || provisioner ca init --out "$dir/ca" --key ec
for member in member1 member2 member3; do
  [ -f "$dir/cluster/$member/member.pem" ] || provisioner ca member-cert --ca "$dir/ca" --name "$member" --out "$dir/cluster/$member"
done
[ -f "$dir/keys/provisioning.seed" ] || provisioner jwt keygen --type ed25519 "$dir/keys/provisioning.seed" "$dir/keys/provisioning.public"
[ -f "$dir/keys/server-jwt.seed" ] || provisioner jwt keygen --type ed25519 "$dir/keys/server-jwt.seed" "$dir/keys/server-jwt.public"
if [ ! -f "$dir/agent-token" ]; then
  od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$dir/agent-token"
fi
# Members read the token from here (a second --config file), so it never sits in the repository.
[ -f "$dir/secrets.conf" ] || printf 'provisioner.token = "%s"\n' "$(cat "$dir/agent-token")" >"$dir/secrets.conf"
if [ ! -f "$dir/provisioning.jwt" ]; then
  provisioner jwt provisioning "$dir/provisioning.jwt" "$dir/keys/provisioning.seed" \
    --token "$(cat "$dir/agent-token")" --urls "${PROVISIONER_NATS_URL:-nats://nats:4222}" --validity 1y
fi
echo "init-secrets: CA, member certificates, signing keys, agent token and provisioning.jwt ready in $dir"
