# The `provisioner` executable (src/Provisioner.Host): members, the fleet simulator and the admin CLI.
# Build context: the repository root (docker-compose.yml sets it).
# The plain runtime is enough while the host has no ASP.NET framework reference; if it gains one,
# build with --build-arg RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0.
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime:10.0

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY hocon/ hocon/
COPY src/ src/
# ReadyToRun: precompiled code spares each member most of its start-up JIT (bench/README.md).
RUN dotnet publish src/Provisioner.Host/Provisioner.Host.csproj -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -o /app -nologo

FROM ${RUNTIME_IMAGE}
COPY --from=build /app /app
RUN ln -s /app/provisioner /usr/local/bin/provisioner \
 && mkdir -p /etc/provisioner \
 && chown app:app /etc/provisioner
# The images' unprivileged user; /etc/provisioner is theirs so an empty volume mounted there is too.
USER app
WORKDIR /app
# Akka's coordinated shutdown runs on SIGTERM: the member leaves and hands its shards off.
STOPSIGNAL SIGTERM
CMD ["provisioner", "--help"]
