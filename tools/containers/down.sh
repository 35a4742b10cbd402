#!/usr/bin/env bash
# Stops and removes what up.sh made: the stack's containers, its network and volumes, the project images
# (netkan-bus:local, netkan-bus-fauxqs:local, netkan-bus-dynamodb:local, dangling layers) and tools/containers/.run
# (remotes, certificate, logs). The base-image stand-ins (base-images.sh) are kept as a cache unless --all is given;
# --keep-build-cache also keeps the project images and their build layers (the next up.sh rebuilds only what changed).
# Usage: tools/containers/down.sh [--all | --keep-build-cache]
set -uo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
all=false keep_build_cache=false
case "${1:-}" in
  --all) all=true ;;
  --keep-build-cache) keep_build_cache=true ;;
  "") ;;
  *) echo "usage: down.sh [--all | --keep-build-cache]" >&2; exit 2 ;;
esac
if ! command -v podman >/dev/null 2>&1; then
  rm -rf "$RUN_DIR"
  exit 0
fi
write_containers_conf
export NETKAN_REMOTES=$RUN_DIR/remotes NETKAN_LETSENCRYPT=$RUN_DIR/letsencrypt

# Every volume the project's containers mount, anonymous ones (an image's VOLUME) included: compose down leaves those.
volumes=$(for name in $(project_containers); do
  podman inspect -f '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}' "$name" 2>/dev/null
done)
if command -v podman-compose >/dev/null 2>&1; then
  log "podman-compose down -v"
  compose down -v >/dev/null 2>&1 || true
fi
# Whatever compose left behind (a container started by hand, a failed up): only this project's, by label.
for name in $(project_containers); do podman rm -f -t 10 "$name" >/dev/null 2>&1 || true; done
for volume in $volumes $(podman volume ls -q --filter "label=io.podman.compose.project=$COMPOSE_PROJECT"); do
  podman volume rm -f "$volume" >/dev/null 2>&1 || true
done
podman network rm -f "${COMPOSE_PROJECT}_default" >/dev/null 2>&1 || true
if ! $keep_build_cache; then
  for image in "${PROJECT_IMAGES[@]}"; do podman rmi -f "$image" >/dev/null 2>&1 || true; done
  podman image prune -f >/dev/null 2>&1 || true  # the build layers (untagged intermediate images)
fi
if $all; then
  log "removing the base-image stand-ins"
  for image in "${BASE_IMAGES[@]}"; do podman rmi -f "$image" >/dev/null 2>&1 || true; done
  podman image prune -f >/dev/null 2>&1 || true
fi
rm -rf "$RUN_DIR"
log "down: containers, network, volumes$($keep_build_cache || echo ", project images")$($all && echo ", base images") and tools/containers/.run removed"
