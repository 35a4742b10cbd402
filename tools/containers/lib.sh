# Shared by up.sh, down.sh and test.sh (sourced, not run).
# Everything these scripts make on the host lives under tools/containers/.run (git-ignored): the containers.conf podman
# is given, the bare git remotes the stack uses, the development certificate, logs.
CONTAINERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$CONTAINERS_DIR/../.." && pwd)
RUN_DIR=$CONTAINERS_DIR/.run
COMPOSE_PROJECT=netkan-bus
# The compose files: the stack (repository root) plus the local wiring (bare remotes, fake upstream, test ports).
COMPOSE_FILES=(-f "$REPO_ROOT/docker-compose.yml" -f "$CONTAINERS_DIR/compose.local.yml")
# Images this project builds (down.sh removes them); base stand-ins are listed in base-images.sh.
PROJECT_IMAGES=(netkan-bus:local netkan-bus-fauxqs:local netkan-bus-dynamodb:local)
# The base-image stand-ins base-images.sh builds, in build order (each may build on the ones before it).
BASE_IMAGES=(localhost/netkan-debian:bookworm mcr.microsoft.com/dotnet/aspnet:10.0 mcr.microsoft.com/dotnet/sdk:10.0
  docker.io/library/node:20-bookworm-slim docker.io/library/eclipse-temurin:17-jre docker.io/library/nginx:1.27-alpine)

# podman reads this instead of /etc/containers/containers.conf: runc (crun refuses this machine's cgroups hybrid
# mode), cgroupfs (no systemd), and no default ulimits (setting RLIMIT_NOFILE is not permitted here).
export CONTAINERS_CONF=$RUN_DIR/containers.conf

log() { printf '==> %s\n' "$*" >&2; }

write_containers_conf() {
  mkdir -p "$RUN_DIR"
  cat >"$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = []

[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
events_logger = "file"
CONF
}

# podman-compose with this project's files and name; the compose env (NETKAN_*) comes from the caller.
compose() {
  (cd "$REPO_ROOT" && podman-compose -p "$COMPOSE_PROJECT" "${COMPOSE_FILES[@]}" "$@")
}

# Containers of the compose project (names), running or not.
project_containers() {
  podman ps -a --filter "label=io.podman.compose.project=$COMPOSE_PROJECT" --format '{{.Names}}'
}
