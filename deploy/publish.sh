#!/usr/bin/env bash
# The two ways to ship `provisioner` outside the container image (README.md, "Deployment"):
#
#   deploy/publish.sh binary [RID] [OUT]   one self-contained single-file executable for RID (default: this machine's,
#                                          e.g. linux-x64, linux-arm64) in OUT (default artifacts/provisioner-RID),
#                                          with hocon/ and the native libraries (SQLite, libsodium) beside it
#   deploy/publish.sh tool [OUT]           a .NET tool package (default artifacts/tool) for
#                                          `dotnet tool install -g provisioner --add-source OUT`
#
# Both stamp the version from git (Directory.Build.props); PROVISIONER_VERSION=V overrides it.
# Native libraries stay beside the executable instead of being extracted at start: extraction writes under $HOME,
# which the systemd unit's ProtectSystem=strict and ProtectHome forbid, and hocon/ must sit there anyway.
set -euo pipefail
cd "$(dirname "$0")/.."

version=()
if [ -n "${PROVISIONER_VERSION:-}" ]; then
  version=("-p:ProvisionerVersion=$PROVISIONER_VERSION")
fi

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

case "${1:-}" in
  binary)
    rid=${2:-$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)}
    out=${3:-artifacts/provisioner-$rid}
    # ReadyToRun: precompiled code spares each member most of its start-up JIT (bench/README.md). Not composite:
    # a self-contained single file otherwise compiles the runtime and every package into one image, which ran for
    # over 10 minutes here without finishing and ignores PublishReadyToRunExclude; per-assembly takes ~3 minutes.
    dotnet publish src/Provisioner.Host/Provisioner.Host.csproj -c Release -r "$rid" --self-contained true \
      -p:PublishSingleFile=true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=false "${version[@]}" \
      -o "$out" -nologo
    echo "publish: $out/provisioner ($rid); install the directory, e.g. to /opt/provisioner (deploy/provisioner-member.service)"
    ;;
  tool)
    out=${2:-artifacts/tool}
    dotnet pack src/Provisioner.Host/Provisioner.Host.csproj -c Release -p:ProvisionerPackAsTool=true "${version[@]}" -o "$out" -nologo
    echo "publish: $(ls "$out"/*.nupkg | tail -n 1); install with: dotnet tool install --global provisioner --add-source $out"
    ;;
  *)
    usage
    ;;
esac
