#!/bin/sh
# One-shot `init` service of docker-compose.yml: creates, once, what members and the fleet share in the
# provisioner-secrets volume (/etc/provisioner): the CA, the token signing key pair, the agent token
# and the provisioning JWT. A second run keeps what exists, so restarts never rotate the CA.
set -eu
dir=${PROVISIONER_SECRETS_DIR:-/etc/provisioner}
umask 077
mkdir -p "$dir/ca" "$dir/keys"

[ -f "$dir/ca/ca.pem" ] || provisioner ca init --out "$dir/ca" --key ec
[ -f "$dir/keys/signer.seed" ] || provisioner jwt keygen --type ed25519 "$dir/keys/signer.seed" "$dir/keys/signer.public"
if [ ! -f "$dir/agent-token" ]; then
  od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$dir/agent-token"
fi
if [ ! -f "$dir/provisioning.jwt" ]; then
  provisioner jwt provisioning "$dir/provisioning.jwt" "$dir/keys/signer.seed" \
    --token "$(cat "$dir/agent-token")" --urls "${PROVISIONER_NATS_URL:-nats://nats:4222}" --validity 1y
fi
echo "init-secrets: CA, signing keys, agent token and provisioning.jwt ready in $dir"
