# syntax=docker/dockerfile:1
# The `provisioner` executable (src/Provisioner.Host): members, the fleet simulator and the admin CLI.
# Build context: the repository root (docker-compose.yml sets it; .dockerignore keeps it small). Multi-arch with
# BuildKit, e.g.:
#   docker buildx build -f deploy/provisioner.Dockerfile --platform linux/amd64,linux/arm64 \
#     --build-arg PROVISIONER_VERSION="$(dotnet msbuild src/Provisioner.Host -t:ProvisionerVersionFromGit -getProperty:InformationalVersion)" .
# The ASP.NET Core runtime: the monitoring port (/metrics, /healthz, /readyz) is served by Kestrel.
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

# The SDK runs on the builder's own platform and cross-compiles for the target one, so an arm64 image
# needs no emulated compiler.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
# The context has no .git, so the version cannot come from git here: pass it, or the build says 0.0.0-dev.
ARG PROVISIONER_VERSION=
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY hocon/ hocon/
COPY src/ src/
# BuildKit names architectures as Go does (amd64, arm64); .NET's runtime identifiers say x64 and arm64.
# ReadyToRun: precompiled code spares each member most of its start-up JIT (bench/README.md).
RUN case "$TARGETARCH" in \
      amd64) rid=linux-x64 ;; \
      arm64) rid=linux-arm64 ;; \
      *) echo "TARGETARCH '$TARGETARCH' is not amd64 or arm64 (build with BuildKit: docker buildx build)" >&2; exit 1 ;; \
    esac \
 && dotnet publish src/Provisioner.Host/Provisioner.Host.csproj -c Release -r "$rid" --self-contained false \
      -p:PublishReadyToRun=true -p:ProvisionerVersion="$PROVISIONER_VERSION" -o /app -nologo

FROM ${RUNTIME_IMAGE}
# The .NET runtime images carry no HTTP client; the health check below needs one.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
RUN ln -s /app/provisioner /usr/local/bin/provisioner \
 && mkdir -p /etc/provisioner \
 && chown app:app /etc/provisioner
# The images' unprivileged user; /etc/provisioner is theirs so an empty volume mounted there is too.
USER app
WORKDIR /app
# A member's cluster port and its monitoring port (on all interfaces: provisioner.metrics-bind's default). The live
# console stays on 127.0.0.1:9110 (`docker exec <member> provisioner cmd 127.0.0.1:9110`): binding it elsewhere needs
# provisioner.console.authorized-keys.
ENV PROVISIONER_PORT=4053 \
    PROVISIONER_METRICS_PORT=9111
EXPOSE 4053 9111
# Ready means Up in the cluster, journal answering and NATS connected (/readyz). The start period covers joining the
# cluster and recovering shards. Containers running other commands (init, fleet) turn the check off in compose.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD curl --fail --silent --show-error --max-time 4 --output /dev/null "http://127.0.0.1:${PROVISIONER_METRICS_PORT}/readyz" || exit 1
# Akka's coordinated shutdown runs on SIGTERM: the member leaves and hands its shards off.
STOPSIGNAL SIGTERM
CMD ["provisioner", "--help"]
