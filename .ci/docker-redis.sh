#!/usr/bin/env bash
# Makes a Docker engine answer and builds a Redis image from the host's redis-server, for the
# testcontainers tests (no registry can be reached in CI). Idempotent: a running engine and an
# existing image are reused.
#
# stdout: the image name only (use it as SESSION_TESTKIT_REDIS_IMAGE); progress goes to stderr.
#   export SESSION_TESTKIT_REDIS_IMAGE="$(.ci/docker-redis.sh)"
# The image is also tagged session-testkit-redis:local, the tests' default when the variable is unset.
#
# Networking: with --iptables=false the default bridge still works for testcontainers, because
# published ports go through Docker's userland proxy (docker-proxy) on the host: the kit connects
# to localhost:<mapped port>, no --network host needed. Run the tests with
# TESTCONTAINERS_RYUK_DISABLED=true (the Ryuk image cannot be pulled either); the test files set it.
set -euo pipefail

log() { printf 'docker-redis: %s\n' "$*" >&2; }
die() { printf 'docker-redis: ERROR: %s\n' "$*" >&2; exit 1; }

DOCKERD_LOG="${DOCKERD_LOG:-/var/log/session-testkit-dockerd.log}"
REDIS_SERVER_BIN="${REDIS_SERVER_BIN:-$(command -v redis-server || true)}"
REDIS_CLI_BIN="${REDIS_CLI_BIN:-$(command -v redis-cli || true)}"

[ -n "$REDIS_SERVER_BIN" ] || die "redis-server is not on PATH; install it (apt-get install -y redis-server) and rerun."
[ -n "$REDIS_CLI_BIN" ] || die "redis-cli is not on PATH; install it (apt-get install -y redis-tools) and rerun."

# dockerd lives in /usr/sbin, which a non-login shell's PATH may lack.
PATH="$PATH:/usr/sbin:/sbin"
if ! command -v dockerd >/dev/null 2>&1; then
  log "dockerd missing: apt-get install -y docker.io"
  if ! { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >&2; }; then
    die "could not install docker.io with apt-get (needs root and the Debian mirror). Install it and rerun."
  fi
fi
command -v docker >/dev/null 2>&1 || die "the docker client is missing after installing docker.io."

if docker info >/dev/null 2>&1; then
  log "a Docker engine already answers; reusing it"
else
  log "starting dockerd (vfs storage, no iptables); log in $DOCKERD_LOG"
  # setsid + nohup: the engine outlives this script and the CI step that ran it.
  setsid nohup dockerd --storage-driver=vfs --iptables=false --ip6tables=false >"$DOCKERD_LOG" 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  if ! docker info >/dev/null 2>&1; then
    tail -n 20 "$DOCKERD_LOG" >&2 || true
    die "dockerd did not answer 'docker info' within 30 s (see $DOCKERD_LOG)."
  fi
  log "dockerd is up"
fi

# The tag names the redis version and the binary's hash, so a changed binary gets a new image.
version="$("$REDIS_SERVER_BIN" --version | sed -n 's/.* v=\([0-9.]*\).*/\1/p')"
digest="$(cat "$REDIS_SERVER_BIN" "$REDIS_CLI_BIN" | sha256sum | cut -c1-12)"
image="${SESSION_TESTKIT_REDIS_IMAGE_NAME:-session-testkit-redis}:${version:-unknown}-${digest}"

if docker image inspect "$image" >/dev/null 2>&1; then
  log "image $image exists; reusing it"
else
  root="$(mktemp -d)"
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root/usr/bin" "$root/data" "$root/tmp"
  chmod 1777 "$root/tmp"
  # Real files, not the host's symlinks (redis-server -> redis-check-rdb on Debian).
  cp -L "$REDIS_SERVER_BIN" "$root/usr/bin/redis-server"
  cp -L "$REDIS_CLI_BIN" "$root/usr/bin/redis-cli"
  libs="$( { ldd "$REDIS_SERVER_BIN"; ldd "$REDIS_CLI_BIN"; } | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)"
  [ -n "$libs" ] || die "ldd listed no libraries for $REDIS_SERVER_BIN."
  for lib in $libs; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  log "importing $image ($(du -sh "$root" | cut -f1))"
  tar -C "$root" -c . | docker import \
    --change 'WORKDIR /data' \
    --change 'EXPOSE 6379' \
    --change 'CMD ["redis-server", "--protected-mode", "no", "--save", "", "--appendonly", "no"]' \
    - "$image" >&2 || die "docker import failed for $image."
  # Smoke test: the image must run redis-server (libraries complete).
  docker run --rm --network none "$image" redis-server --version >&2 \
    || die "the imported image $image cannot run redis-server (missing libraries?)."
fi

docker tag "$image" "${SESSION_TESTKIT_REDIS_IMAGE_NAME:-session-testkit-redis}:local" >&2 \
  || die "could not tag $image as :local."
printf '%s\n' "$image"
