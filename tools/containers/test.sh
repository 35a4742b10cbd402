#!/usr/bin/env bash
# End-to-end test of the container stack: builds and starts it (up.sh), drives the demo's sample mods through the
# containerised roles, restarts the indexer mid-run, and removes everything again (down.sh; NETKAN_KEEP_STACK=1 keeps
# the stack running for a look; NETKAN_KEEP_BUILD_CACHE=1 keeps the project images and their build layers, so the next
# run rebuilds only what changed). Prints "N passed, N failed" last; exits non-zero on a failure.
# A container engine that cannot run here is a skip, or a failure with CI=true.
# Usage: bash tools/containers/test.sh
set -uo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
started=$(date +%s)
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "$(date +%T) PASS $1"; }
fail() { failed=$((failed + 1)); echo "$(date +%T) FAIL $1${2:+: $2}"; }
check() { # description command... : passes when the command succeeds
  local description=$1; shift
  if "$@"; then pass "$description"; else fail "$description"; fi
}
finish() {
  echo "test.sh took $(( $(date +%s) - started )) s"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
  exit $?
}
cleanup() {
  if [ "${NETKAN_KEEP_STACK:-}" = 1 ]; then
    log "NETKAN_KEEP_STACK=1: the stack keeps running; stop it with tools/containers/down.sh"
  elif [ "${NETKAN_KEEP_BUILD_CACHE:-}" = 1 ]; then
    "$CONTAINERS_DIR/down.sh" --keep-build-cache >/dev/null 2>&1 || true
  else
    "$CONTAINERS_DIR/down.sh" >/dev/null 2>&1 || true
  fi
}

DASHBOARD=http://127.0.0.1:5080
WEBHOOKS=http://127.0.0.1:5000
UPSTREAM=http://127.0.0.1:5090
container() { echo "${COMPOSE_PROJECT}_$1_1"; }

# --- start (a fresh stack: new remotes, empty DynamoDB) ---
trap cleanup EXIT
"$CONTAINERS_DIR/up.sh"
rc=$?
if [ "$rc" -eq 3 ]; then
  if [ "${CI:-}" = true ]; then
    fail "the container engine starts" "up.sh exit 3 (see above)"
  else
    echo "SKIP: no usable container engine here (up.sh exit 3); with CI=true this is a failure"
  fi
  finish
fi
if [ "$rc" -ne 0 ]; then
  fail "the stack builds and starts" "up.sh exit $rc"
  finish
fi
pass "the stack builds and starts (up.sh)"

# A git identity and trust for the remotes, which the containers' user (1654) owns; the user's own config is untouched.
export GIT_CONFIG_GLOBAL=$RUN_DIR/gitconfig
printf '[safe]\n\tdirectory = *\n[user]\n\tname = test.sh\n\temail = test.sh@netkan.invalid\n' >"$GIT_CONFIG_GLOBAL"
NETKAN_REMOTES=$RUN_DIR/remotes
CKAN_META=$NETKAN_REMOTES/CKAN-meta.git

wait_for() { # description seconds command... : polls every 2 s
  local description=$1 seconds=$2; shift 2
  local deadline=$(( $(date +%s) + seconds ))
  until "$@"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "  (gave up waiting for: $description, after $seconds s)"
      return 1
    fi
    sleep 2
  done
}
rows() { curl -sf "$DASHBOARD/api/mods?game=ksp"; }
row() { # identifier: its row from the dashboard's API; fails when there is none (jq -e passes on empty input)
  local found
  found=$(rows | jq -c --arg id "$1" '.[] | select(.identifier == $id)') && [ -n "$found" ] && echo "$found"
}
queue_depths() { podman exec -i "$(container fauxqs)" node --input-type=module - <"$CONTAINERS_DIR/queue-depths.mjs"; }

# --- the stack itself ---
services=(fauxqs dynamodb upstream scheduler inflator indexer mirrorer webhooks dashboard cache-cleaner status-dumper webhooks-proxy)
for service in "${services[@]}"; do
  check "$service is running" test "$(podman inspect -f '{{.State.Status}}' "$(container "$service")" 2>/dev/null)" = running
done
for service in fauxqs dynamodb upstream webhooks dashboard webhooks-proxy; do
  check "$service passes its health check" podman healthcheck run "$(container "$service")"
done
ports=$(podman ps --filter "label=io.podman.compose.project=$COMPOSE_PROJECT" --format '{{.Ports}}' | tr ',' '\n' | sed 's/^ *//' | grep . )
check "every published port is on 127.0.0.1 ($(echo "$ports" | wc -l) ports)" bash -c '! grep -qv "^127\.0\.0\.1:" <<<"$1"' _ "$ports"
check "the roles run as the image's non-root user (1654)" test "$(podman exec "$(container indexer)" id -u)" = 1654
check "the roles can write the /data volume" podman exec "$(container indexer)" sh -c 'mkdir /data/.probe && rmdir /data/.probe'

# --- the webhooks proxy (nginx, self-signed certificate) ---
check "proxy: /healthz answers on http" test "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/healthz)" = 200
check "proxy: other http requests are redirected to https (308)" test "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/inflate)" = 308
body=$(curl -sk -X POST https://127.0.0.1:8443/inflate -d '{"identifiers":["DemoFlag"]}')
check "proxy: the unsigned /inflate is refused for a source outside the allow-list (nginx 403)" grep -q '403 Forbidden' <<<"$body"
body=$(curl -sk -X POST https://127.0.0.1:8443/gh/inflate -d '{}')
check "proxy: the legacy /gh/inflate reaches the webhooks role (its JSON error, no secret configured)" grep -q 'GitHubSecret' <<<"$body"

# --- one mod end to end: push its netkan, ask for inflation, wait until inflated, committed and mirrored ---
mods_json=$(curl -sf "$UPSTREAM/netkans")
mapfile -t identifiers < <(jq -r '.[].identifier' <<<"$mods_json")
version_of() { jq -r --arg id "$1" '.[] | select(.identifier == $id) | .version' <<<"$mods_json"; }
check "the fake upstream lists the sample mods (${#identifiers[@]})" test "${#identifiers[@]}" -ge 2

work=$(mktemp -d)
push_netkans() { # identifiers...
  rm -rf "$work/NetKAN"
  git clone -q "$NETKAN_REMOTES/NetKAN.git" "$work/NetKAN" || return 1
  for id in "$@"; do curl -sf "$UPSTREAM/netkans/$id.netkan" >"$work/NetKAN/NetKAN/$id.netkan" || return 1; done
  git -C "$work/NetKAN" add -A && git -C "$work/NetKAN" commit -q -m "Add $*" && git -C "$work/NetKAN" push -q origin main \
    && chown -R 1654:1654 "$NETKAN_REMOTES/NetKAN.git"  # the containers' user pulls it
}
request_inflation() { # identifiers...
  local list; list=$(printf '%s\n' "$@" | jq -R . | jq -sc '{identifiers: .}')
  test "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$WEBHOOKS/inflate/ksp" -d "$list")" = 204
}
mirrored() { # identifier: indexed at its version and mirrored
  row "$1" | jq -e --arg v "$(version_of "$1")" '.modVersion == $v and .lastIndexed != null and .mirrorStatus == "mirrored"' >/dev/null
}
all_mirrored() { local id; for id in "$@"; do mirrored "$id" || return 1; done; }
ckan_path() { echo "$1/$1-$(version_of "$1").ckan"; }
commits_touching() { git -C "$CKAN_META" log --format=%H main -- "$(ckan_path "$1")" | grep -c .; }
# (Not the per-stage durations: inflationSeconds stays empty when the inflation ends within the second of its request,
# as the result's time is the wire's whole-second CheckTime.)
complete_row() { # identifier: every field a settled mod has, agreeing with CKAN-meta; names what is wrong
  local id=$1 version commit wrong
  version=$(version_of "$id")
  commit=$(git -C "$CKAN_META" log --format=%H -1 main -- "$(ckan_path "$id")")
  wrong=$(row "$id" | jq -r --arg v "$version" --arg file "$id-$version.ckan" --arg commit "$commit" '
    {success: (.success == true), modVersion: (.modVersion == $v), ckanFile: (.ckanFile == $file),
     commit: (.commit == $commit), lastChecked: (.lastChecked != null), lastInflated: (.lastInflated != null),
     lastIndexed: (.lastIndexed != null), lastDownloaded: (.lastDownloaded != null), lastMirrored: (.lastMirrored != null),
     mirrorStatus: (.mirrorStatus == "mirrored"), lastError: (.lastError == null), errors: ((.errors | length) == 0)}
    | to_entries | map(select(.value == false) | .key) | join(" ")') || wrong="(no row)"
  [ -z "$wrong" ] && return 0
  echo "  $id: wrong or missing: $wrong (CKAN-meta commit $commit); row: $(row "$id" | jq -c --arg keys "$wrong" '. as $r | $keys | split(" ") | map({(.): $r[.]}) | add')"
  return 1
}

first=${identifiers[0]}
check "push $first.netkan to the NetKAN remote" push_netkans "$first"
check "POST /inflate/ksp for $first (204)" request_inflation "$first"
check "$first is inflated, committed to CKAN-meta and mirrored (dashboard /api/mods)" wait_for "$first mirrored" 300 mirrored "$first"
check "CKAN-meta: one commit 'NetKAN added mod - $first-$(version_of "$first")'" \
  test "$(git -C "$CKAN_META" log --format=%s main | grep -cx "NetKAN added mod - $first-$(version_of "$first")")" = 1
ckan_downloads_from_upstream() {
  local ckan; ckan=$(git -C "$CKAN_META" show "main:$(ckan_path "$1")") || return 1
  jq -e '.download | tostring | startswith("http://upstream:5090/")' >/dev/null <<<"$ckan"
}
archived() { # item
  local metadata; metadata=$(curl -sf "$UPSTREAM/metadata/$1") || return 1
  jq -e '(.files | length) >= 1' >/dev/null <<<"$metadata"
}
check "CKAN-meta: the .ckan downloads from the fake upstream" ckan_downloads_from_upstream "$first"
check "the fake Internet Archive holds $first-$(version_of "$first")" archived "$first-$(version_of "$first")"
check "$first's row is complete and names CKAN-meta's commit" complete_row "$first"

# --- the rest, with the indexer killed mid-run ---
rest=("${identifiers[@]:1}")
check "push ${rest[*]} to the NetKAN remote" push_netkans "${rest[@]}"
# The indexer is stopped while the others inflate, so their results wait in its queue. It is then started and killed
# (SIGKILL) the moment it logs that it took up the first result: the batch is then in flight (received, not deleted)
# or partly committed; SQS hands the unfinished messages out again after their visibility timeout (30 s here).
podman stop -t 10 "$(container indexer)" >/dev/null
check "the indexer is stopped" test "$(podman inspect -f '{{.State.Status}}' "$(container indexer)")" = exited
check "POST /inflate/ksp for every mod again (${identifiers[*]}; $first is unchanged)" request_inflation "${identifiers[@]}"
# The rows learn of an inflation from the indexer (it records the result it takes up), so with the indexer down the
# results are counted in its queue.
# (Waiting or in flight: the indexer may have received one just before it stopped.)
results_waiting() { queue_depths | awk -v n="${#identifiers[@]}" '$1 == "OutboundDev.fifo" && $2 + $3 >= n { found = 1 } END { exit !found }'; }
check "while the indexer is down, every mod's result waits in OutboundDev.fifo" wait_for "results waiting" 300 results_waiting
commits_before=$(git -C "$CKAN_META" rev-list --count main)
since=$(date +%s)
podman start "$(container indexer)" >/dev/null
# Killed mid-run: the indexer logs "Committed <id> (ksp) to CKAN-meta as …" once the commit is made, before its push and
# before the result is recorded, so the restart must push and record it without committing twice.
took_up_a_result() { podman logs --since "$since" "$(container indexer)" 2>&1 | grep -qE "Committed ($(IFS='|'; echo "${rest[*]}")) "; }
deadline=$(( $(date +%s) + 300 )) took=false
until [ "$(date +%s)" -ge "$deadline" ]; do
  if took_up_a_result; then took=true; break; fi
  sleep 0.2
done
if $took; then
  podman kill "$(container indexer)" >/dev/null 2>&1
  echo "  indexer killed after taking up a result; new CKAN-meta commits by then: $(( $(git -C "$CKAN_META" rev-list --count main) - commits_before )) of ${#rest[@]}"
  queue_depths | grep '^OutboundDev.fifo' | awk '{ print "  OutboundDev.fifo after the kill: " $2 " waiting, " $3 " in flight" }'
  podman start "$(container indexer)" >/dev/null
  pass "the indexer was killed mid-run and started again"
else
  fail "the indexer took up a result within 300 s of its start"
fi
check "every mod ends inflated, committed and mirrored" wait_for "all mirrored" 600 all_mirrored "${identifiers[@]}"
for id in "${identifiers[@]}"; do
  check "CKAN-meta: exactly one commit for $(ckan_path "$id")" test "$(commits_touching "$id")" = 1
  check "$id's row is complete and names CKAN-meta's commit" complete_row "$id"
done
check "CKAN-meta: ${#identifiers[@]} mod commits after the first, nothing else" \
  test "$(git -C "$CKAN_META" rev-list --count main)" = "$(( 1 + ${#identifiers[@]} ))"
check "the dashboard lists exactly these ${#identifiers[@]} mods" \
  test "$(rows | jq -r '.[].identifier' | sort | tr '\n' ' ')" = "$(printf '%s\n' "${identifiers[@]}" | sort | tr '\n' ' ')"
check "each role keeps its own clones under /data/<role> (indexer, webhooks)" podman exec "$(container indexer)" \
  test -d /data/indexer/repos/ksp/CKAN-meta/.git -a -d /data/webhooks/repos/ksp/NetKAN/.git
queues_empty() { queue_depths | awk '$2 != 0 || $3 != 0 { busy = 1 } END { exit busy }'; }
check "every SQS queue and dead-letter queue ends empty" wait_for "queues empty" 120 queues_empty
queue_depths | sed 's/^/  /'
rm -rf "$work"
finish
