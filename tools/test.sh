#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs, starts the local AWS stand-ins,
# runs every test project, stops the stand-ins, and prints "N passed, N failed, N skipped".
# Usage: bash tools/test.sh [extra dotnet test args]
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

log() { printf '\n==> %s\n' "$*"; }

# --- system packages (browser tests use Debian's chromium; never a downloaded browser) ---
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v ip >/dev/null 2>&1 || need_apt+=(iproute2)
command -v unshare >/dev/null 2>&1 || need_apt+=(util-linux)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null) \
      || echo "WARNING: could not install ${need_apt[*]}; tests that need them will report it"
  else
    echo "WARNING: not root; cannot install ${need_apt[*]}"
  fi
fi

# --- build ---
log "dotnet build"
if ! dotnet build NetKAN.Bus.sln -c Release -nologo -v:q; then
  echo "Build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# --- local AWS stand-ins (fauxqs for SQS+S3, DynamoDB Local) ---
if [ -x tools/emulators/start.sh ]; then
  log "starting local AWS stand-ins"
  # shellcheck disable=SC1091
  if ! source tools/emulators/start.sh; then
    echo "WARNING: the AWS stand-ins did not start; integration tests will report it"
  fi
  trap 'bash tools/emulators/stop.sh >/dev/null 2>&1 || true' EXIT
fi

# --- tests ---
# Test projects run one after another (-m:1): Webhooks.Tests hung in 3 of 8 full runs while every project ran at
# once on two cores, never in 15 runs on its own. A test host that still goes quiet for 6 minutes is stopped and
# named (blame); such a hung run is retried once, loudly. Ordinary test failures are never retried.
run_tests() {
  rm -f "$results"/*.trx
  dotnet test NetKAN.Bus.sln -c Release --no-build -nologo -m:1 \
    --blame-hang-timeout 6m --blame-hang-dump-type none \
    --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@" 2>&1 \
    | tee "$results/console.log"
  return "${PIPESTATUS[0]}"
}
log "dotnet test"
run_tests "$@"
test_rc=$?
if [ "$test_rc" -ne 0 ] && grep -qiE "inactivity time|hang timeout|test run aborted|testhost process .*crashed" "$results/console.log"; then
  mv "$results/console.log" "$results/console-hung.log"
  log "RETRY: a test host hung or crashed (see $results/console-hung.log); running the tests once more"
  grep -iE "inactivity time|hang|aborted|crashed" "$results/console-hung.log" | head -20
  run_tests "$@"
  test_rc=$?
fi

# --- the container stack: deploy/Dockerfile + docker-compose.yml under podman, a mod end to end, an indexer kill ---
# (tools/containers/test.sh; about 4 minutes with cached base images, 7 without). NETKAN_SKIP_CONTAINERS=1 skips it
# on a developer machine, never when CI=true: there an engine that cannot start is a failure.
containers_passed=0; containers_failed=0
if [ "${NETKAN_SKIP_CONTAINERS:-0}" = 1 ] && [ "${CI:-}" != true ]; then
  log "container stack skipped (NETKAN_SKIP_CONTAINERS=1)"
else
  log "container stack (tools/containers/test.sh)"
  bash tools/emulators/stop.sh >/dev/null 2>&1 || true   # the stack brings its own stand-ins
  bash tools/containers/test.sh 2>&1 | tee "$results/containers.log"
  containers_rc=${PIPESTATUS[0]}
  read -r containers_passed _ containers_failed _ < <(grep -E '^[0-9]+ passed, [0-9]+ failed' "$results/containers.log" | tail -1) || true
  containers_passed=${containers_passed:-0}; containers_failed=${containers_failed:-0}
  if [ "$containers_rc" -ne 0 ] && [ "$containers_failed" -eq 0 ]; then
    containers_failed=1  # the script failed before counting (engine, build): count it
  fi
fi

# --- summary over every test run (one .trx per test assembly) ---
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
passed=$((passed + containers_passed)); failed=$((failed + containers_failed))
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1  # the runner failed without a failing test (crash, abort): count it
fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$test_rc" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
