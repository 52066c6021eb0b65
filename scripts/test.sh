#!/usr/bin/env bash
# The test command: installs what the suite needs when missing, builds, runs every test project.
# Usage: ./scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Token]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh nats postgres compose
# Idle Akka members spin on the thread pool's semaphore otherwise, starving a 2-core machine.
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Provisioner.sln -c Release -nologo -v q
log=$(mktemp /tmp/provisioner-test.XXXXXX.log)
set +e
# The screen shows failures and summaries; passed tests and the Akka systems' info lines stay in the log file.
dotnet test Provisioner.sln -c Release --no-build -nologo -v q --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" \
  | grep -vE '^\s+Passed |^\[(DEBUG|INFO)\]\['
status=${PIPESTATUS[0]}
set -e
grep -E '^(Passed!|Failed!)' "$log" || true
passed=$(grep -cE '^\s+Passed ' "$log" || true)
failed=$(grep -cE '^\s+Failed ' "$log" || true)
skipped=$(grep -cE '^\s+Skipped ' "$log" || true)
echo "$passed passed, $failed failed, $skipped skipped (full output: $log)"
exit "$status"
