#!/usr/bin/env bash
# Builds local stand-ins for the public base images that deploy/Dockerfile, tools/emulators/Dockerfile and
# docker-compose.yml name, tagged with exactly those names, so those files stay the production ones. Used when the
# container registries cannot be reached (as on this machine); an image that already exists under its tag (pulled
# or built on an earlier run) is kept, so this costs nothing the second time.
#   localhost/netkan-debian:bookworm       debootstrap --variant=minbase bookworm, imported (the root of the others)
#   mcr.microsoft.com/dotnet/aspnet:10.0   + .NET/ASP.NET Core runtimes of this machine, user app (APP_UID 1654)
#   mcr.microsoft.com/dotnet/sdk:10.0      + this machine's .NET SDK, git, curl
#   node:20-bookworm-slim                  (docker.io/library/…, as the next two) + this machine's Node.js 20 and npm, user node
#   eclipse-temurin:17-jre                 + Debian's OpenJDK 17 JRE
#   nginx:1.27-alpine                      + Debian's nginx (1.22), run as the official image runs it
# Usage: tools/containers/base-images.sh [--rebuild]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
BASE=$CONTAINERS_DIR/base
rebuild=false
[ "${1:-}" = --rebuild ] && rebuild=true

have() { ! $rebuild && podman image exists "$1"; }

build_debian() {
  local rootfs
  rootfs=$(mktemp -d /var/tmp/netkan-rootfs.XXXXXX)
  # shellcheck disable=SC2064
  trap "rm -rf '$rootfs'" RETURN
  log "debootstrap --variant=minbase bookworm (about a minute)"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" http://deb.debian.org/debian \
    >"$RUN_DIR/debootstrap.log" 2>&1 || { tail -20 "$RUN_DIR/debootstrap.log" >&2; return 1; }
  # HTTPS from this machine goes through its own certificate authorities (an egress proxy): the stand-ins trust
  # what the machine trusts, or npm and NuGet cannot reach their registries from a container.
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
    chroot "$rootfs" update-ca-certificates >/dev/null
  fi
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  # As the official Debian images: no recommended packages, so every RUN apt-get stays small.
  echo 'APT::Install-Recommends "false";' >"$rootfs/etc/apt/apt.conf.d/90netkan-no-recommends"
  tar -C "$rootfs" -c . | podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' - localhost/netkan-debian:bookworm >/dev/null
}

dotnet_root() {
  local dotnet
  dotnet=$(readlink -f "$(command -v dotnet)")
  dirname "$dotnet"
}

build_aspnet() {
  local root; root=$(dotnet_root)
  podman build -q -f "$BASE/runtime.Containerfile" \
    --build-arg DOTNET_VERSION="$(ls "$root/shared/Microsoft.NETCore.App" | sort -V | tail -1)" \
    --build-arg ASPNET_VERSION="$(ls "$root/shared/Microsoft.AspNetCore.App" | sort -V | tail -1)" \
    -t mcr.microsoft.com/dotnet/aspnet:10.0 "$root" >/dev/null
}

build_sdk() {
  local root; root=$(dotnet_root)
  podman build -q -f "$BASE/sdk.Containerfile" --build-arg DOTNET_SDK_VERSION="$(dotnet --version)" \
    -t mcr.microsoft.com/dotnet/sdk:10.0 "$root" >/dev/null
}

build_node() {
  local node npm_dir stage
  node=$(readlink -f "$(command -v node)")
  npm_dir=$(readlink -f "$(dirname "$(readlink -f "$(command -v npm)")")/..")
  case "$(node --version)" in v20.*) ;; *) echo "node:20-bookworm-slim needs Node.js 20 on this machine, found $(node --version)" >&2; return 1 ;; esac
  stage=$(mktemp -d /var/tmp/netkan-node.XXXXXX)
  # shellcheck disable=SC2064
  trap "rm -rf '$stage'" RETURN
  mkdir -p "$stage/bin" "$stage/lib/node_modules"
  cp "$node" "$stage/bin/node"
  cp -a "$npm_dir" "$stage/lib/node_modules/npm"
  podman build -q -f "$BASE/node.Containerfile" --build-arg NODE_VERSION="$(node --version | tr -d v)" \
    -t docker.io/library/node:20-bookworm-slim "$stage" >/dev/null
}

build_plain() { # containerfile tag
  podman build -q -f "$BASE/$1" -t "$2" "$BASE" >/dev/null
}

for image in "${BASE_IMAGES[@]}"; do
  if [ "$image" != localhost/netkan-debian:bookworm ] && [ -z "${engine_checked:-}" ]; then
    # The first container this script runs: if it cannot, the engine is unusable here (exit 3, see up.sh).
    podman run --rm localhost/netkan-debian:bookworm true >"$RUN_DIR/engine-check.log" 2>&1 \
      || { echo "base-images.sh: podman cannot run a container here:" >&2; cat "$RUN_DIR/engine-check.log" >&2; exit 3; }
    engine_checked=1
  fi
  if have "$image"; then
    continue
  fi
  log "building stand-in $image"
  case "$image" in
    localhost/netkan-debian:*) build_debian ;;
    */aspnet:*) build_aspnet ;;
    */sdk:*) build_sdk ;;
    */node:*) build_node ;;
    */eclipse-temurin:*) build_plain temurin.Containerfile "$image" ;;
    */nginx:*) build_plain nginx.Containerfile "$image" ;;
  esac
done
