#!/usr/bin/env bash
# Builds and starts the container stack locally with podman: docker-compose.yml (one container per role, fauxqs,
# DynamoDB Local, the nginx webhooks proxy) plus tools/containers/compose.local.yml (bare git remotes on the host,
# the demo's fake upstream). Needs root (rootful podman) and apt for what is missing.
#   1. apt-get install podman runc podman-compose debootstrap, when missing
#   2. a project-local containers.conf (CONTAINERS_CONF, see lib.sh); /etc is not touched
#   3. the base-image stand-ins (base-images.sh; cached: skipped when the tags exist)
#   4. the project images: netkan-bus:local (deploy/Dockerfile), netkan-bus-fauxqs:local, netkan-bus-dynamodb:local
#   5. fresh bare remotes NetKAN.git (empty NetKAN/ folder) and CKAN-meta.git, and a self-signed certificate for nginx
#   6. podman-compose up -d, the stand-ins first; waits until every service with a health check is healthy
# Usage: tools/containers/up.sh          (prints the URLs; stop everything with tools/containers/down.sh)
# Exit status 3: the container engine cannot be installed or cannot run here (test.sh tells that from a broken stack).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
started=$(date +%s)

# --- 1. packages ---
missing=()
for tool in podman:podman runc:runc podman-compose:podman-compose debootstrap:debootstrap git:git openssl:openssl; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "up.sh: needs root to install ${missing[*]} (and to run rootful podman)" >&2; exit 3; }
  log "apt-get install ${missing[*]}"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
    || { echo "up.sh: could not install ${missing[*]}" >&2; exit 3; }
fi
[ "$(id -u)" = 0 ] || { echo "up.sh: needs root (rootful podman)" >&2; exit 3; }

# --- 2. podman configuration ---
write_containers_conf
podman info >/dev/null 2>"$RUN_DIR/podman-info.err" || { echo "up.sh: podman does not work here:" >&2; cat "$RUN_DIR/podman-info.err" >&2; exit 3; }

# --- 3. base images ---
"$CONTAINERS_DIR/base-images.sh" || exit $?

# --- 4. project images (podman's layer cache makes an unchanged rebuild take seconds) ---
log "building netkan-bus-fauxqs:local and netkan-bus-dynamodb:local (tools/emulators/Dockerfile)"
podman build -q --target fauxqs -t netkan-bus-fauxqs:local "$REPO_ROOT/tools/emulators" >/dev/null
podman build -q --target dynamodb -t netkan-bus-dynamodb:local "$REPO_ROOT/tools/emulators" >/dev/null
log "building netkan-bus:local (deploy/Dockerfile)"
podman build -q -f "$REPO_ROOT/deploy/Dockerfile" -t netkan-bus:local "$REPO_ROOT" >"$RUN_DIR/build.log" 2>&1 \
  || { tail -40 "$RUN_DIR/build.log" >&2; exit 1; }
podman image prune -f >/dev/null  # the previous build's now untagged layers

# --- 5. remotes and certificate ---
export NETKAN_REMOTES=$RUN_DIR/remotes NETKAN_LETSENCRYPT=$RUN_DIR/letsencrypt
app_uid=1654  # APP_UID of the aspnet image: the containers' user must own what they push to
new_remote() { # name file-in-first-commit
  local bare=$NETKAN_REMOTES/$1.git seed
  seed=$(mktemp -d)
  git init -q --bare -b main "$bare"
  git init -q -b main "$seed"
  mkdir -p "$seed/$(dirname "$2")"
  echo "$1 for the local container stack (tools/containers)." >"$seed/$2"
  git -C "$seed" add -A
  git -C "$seed" -c user.name=up.sh -c user.email=up.sh@netkan.invalid commit -q -m "Empty $1"
  git -C "$seed" push -q "$bare" main
  rm -rf "$seed"
}
# A fresh stack every time: new remotes mean the roles' clones in the data volume (and DynamoDB Local's in-memory
# rows) belong to the old ones, so the previous containers and volumes go too.
project_containers | grep -q . && { log "removing the previous stack (containers and volumes)"; compose down -v >/dev/null 2>&1 || true; }
rm -rf "$NETKAN_REMOTES"
mkdir -p "$NETKAN_REMOTES"
new_remote NetKAN NetKAN/README.md
new_remote CKAN-meta README.md
chown -R "$app_uid:$app_uid" "$NETKAN_REMOTES"
cert=$NETKAN_LETSENCRYPT/live/netkan.ksp-ckan.space
if [ ! -s "$cert/fullchain.pem" ]; then
  mkdir -p "$cert"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=netkan.ksp-ckan.space \
    -keyout "$cert/privkey.pem" -out "$cert/fullchain.pem" >/dev/null 2>&1
fi

# --- 6. start ---
# podman-compose 1.0 starts containers in dependency order but does not wait for "service_healthy", and podman runs
# health checks only when asked (no systemd timers here): so the stand-ins start first and this script polls
# `podman healthcheck run` itself.
container() { echo "${COMPOSE_PROJECT}_$1_1"; }
wait_healthy() { # service seconds
  local deadline=$(( $(date +%s) + $2 ))
  until podman healthcheck run "$(container "$1")" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "up.sh: $1 not healthy within $2 s; its log:" >&2
      podman logs --tail 40 "$(container "$1")" >&2 || true
      return 1
    fi
    sleep 1
  done
  log "$1 healthy"
}
compose_started=$(date +%s)
log "starting the AWS stand-ins and the fake upstream"
compose up -d --no-build fauxqs dynamodb upstream >"$RUN_DIR/compose-up.log" 2>&1 \
  || { tail -40 "$RUN_DIR/compose-up.log" >&2; exit 1; }
for service in fauxqs dynamodb upstream; do wait_healthy "$service" 180; done
log "starting every role and the webhooks proxy"
compose up -d --no-build >>"$RUN_DIR/compose-up.log" 2>&1 || { tail -40 "$RUN_DIR/compose-up.log" >&2; exit 1; }
for service in webhooks dashboard webhooks-proxy; do wait_healthy "$service" 300; done
not_running=$(podman ps -a --filter "label=io.podman.compose.project=$COMPOSE_PROJECT" --filter status=exited --format '{{.Names}}')
[ -z "$not_running" ] || { echo "up.sh: exited: $not_running" >&2; exit 1; }

log "stack up in $(( $(date +%s) - started )) s (containers started and healthy in $(( $(date +%s) - compose_started )) s): dashboard http://127.0.0.1:5080, webhooks http://127.0.0.1:5000, proxy https://127.0.0.1:8443 (self-signed), fake upstream http://127.0.0.1:5090"
log "NetKAN remote $NETKAN_REMOTES/NetKAN.git, CKAN-meta remote $NETKAN_REMOTES/CKAN-meta.git; stop with tools/containers/down.sh"
