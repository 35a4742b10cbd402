#!/usr/bin/env bash
# Stops what start.sh started: only the PIDs recorded in .run/*.pid.
set -uo pipefail
RUN=$(cd "$(dirname "$0")" && pwd)/.run
[ -d "$RUN" ] || exit 0
for pidfile in "$RUN"/*.pid; do
  [ -e "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  fi
  rm -f "$pidfile"
done
rm -f "$RUN"/*.port "$RUN"/*.sock "$RUN"/env
echo "emulators: stopped"
