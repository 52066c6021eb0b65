#!/usr/bin/env bash
# The test command: installs what the suite needs when missing, builds, runs every test project.
# Usage: ./scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Token]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh nats postgres compose chromium
./scripts/check-deploy.sh
# Idle Akka members spin on the thread pool's semaphore otherwise, starving a 2-core machine.
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Provisioner.sln -c Release -nologo -v q
log=$(mktemp /tmp/provisioner-test.XXXXXX.log)
set +e
# The screen shows failures, warnings and summaries. The log file keeps everything: passed tests, xUnit's
# progress, the in-process Akka systems' info lines, and two warnings the tests cause on purpose (a singleton
# proxy asking before its cluster is up; the console refusing the bad requests of the security tests).
quiet='^\s+Passed |^\[(DEBUG|INFO)\]\[|^\[WARNING\]\[.*(ClusterSingletonProxy failed to find|console refused)|^\[xUnit\.net [0-9:.]+\]   (Discover|Start|Finish)|^A total of 1 test files|^Test run for |VSTest Adapter v|^\s*$'
dotnet test Provisioner.sln -c Release --no-build -nologo -v q --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" \
  | grep -vE "$quiet"
status=${PIPESTATUS[0]}
set -e
grep -E '^(Passed!|Failed!)' "$log" || true
passed=$(grep -cE '^\s+Passed ' "$log" || true)
failed=$(grep -cE '^\s+Failed ' "$log" || true)
skipped=$(grep -cE '^\s+Skipped ' "$log" || true)
echo "$passed passed, $failed failed, $skipped skipped (full output: $log)"
exit "$status"
