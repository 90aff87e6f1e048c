#!/usr/bin/env bash
# Everything `npm test` needs besides node_modules (it runs as npm's `pretest`): Debian packages
# (redis-server, redis-tools, python3-flask, docker.io), PostgreSQL on 127.0.0.1:5432, and a
# Docker engine with a local Redis image for the testcontainers tests. Idempotent and quiet when
# everything is there already; installs only what is missing, and only as root.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive PATH="$PATH:/usr/sbin:/sbin"
say() { printf 'test-services: %s\n' "$*" >&2; }

need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v redis-cli >/dev/null || need+=(redis-tools)
/usr/bin/python3 -c 'import flask' 2>/dev/null || need+=(python3-flask)
command -v dockerd >/dev/null || need+=(docker.io)
command -v pg_isready >/dev/null || need+=(postgresql-client)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "missing: ${need[*]}. Install them (Debian: sudo apt-get install -y ${need[*]}) and rerun npm test."
    exit 1
  fi
  say "installing ${need[*]} with apt-get"
  apt-get update -qq >&2
  apt-get install -y -qq "${need[@]}" >&2
fi

# PostgreSQL (database `test`, trust auth) is started by this kind of machine; start it if it stopped.
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start >&2 || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 || { say "PostgreSQL does not answer on 127.0.0.1:5432; start it (database test, trust auth) and rerun."; exit 1; }
fi

# The testcontainers tests use the image tagged session-testkit-redis:local when
# SESSION_TESTKIT_REDIS_IMAGE is unset.
bash .ci/docker-redis.sh >/dev/null
