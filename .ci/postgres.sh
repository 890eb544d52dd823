#!/usr/bin/env bash
# Install (Debian packages, only when missing), start PostgreSQL, and create a role and a
# database for alliance's storage tests; then set ALLIANCE_TEST_POSTGRES_URL. The role's
# password is a fixed test value that only serves this machine's loopback interface.
#
#   source .ci/postgres.sh           # exports ALLIANCE_TEST_POSTGRES_URL (prints no URL)
#   eval "$(.ci/postgres.sh)"        # the same, when run as a program (prints the export line)
#
# Progress goes to stderr.
# Needs root (or passwordless sudo). Idempotent: safe to run twice.
set -euo pipefail

ROLE="${ALLIANCE_PG_ROLE:-alliance_test}"
DB="${ALLIANCE_PG_DB:-alliance_test}"
PASSWORD="${ALLIANCE_PG_PASSWORD:-alliance_test}"
PORT="${ALLIANCE_PG_PORT:-5432}"

log() { echo "postgres.sh: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql from Debian packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^${VERSION} main$"; then
  log "creating cluster ${VERSION}/main"
  as_root pg_createcluster "${VERSION}" main --port "${PORT}" >&2
fi
if ! pg_lsclusters -h | awk '$1=="'"${VERSION}"'" && $2=="main" {print $4}' | grep -q online; then
  log "starting cluster ${VERSION}/main"
  as_root pg_ctlcluster "${VERSION}" main start >&2
fi
PORT="$(pg_lsclusters -h | awk '$1=="'"${VERSION}"'" && $2=="main" {print $3}')"

for _ in $(seq 1 30); do
  if as_root su postgres -c "pg_isready -q -p ${PORT}"; then break; fi
  sleep 1
done

psql_admin() { as_root su postgres -c "psql -v ON_ERROR_STOP=1 -q -p ${PORT} $*"; }
if ! psql_admin "-tAc \"SELECT 1 FROM pg_roles WHERE rolname='${ROLE}'\"" | grep -q 1; then
  log "creating role ${ROLE}"
  psql_admin "-c \"CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}'\"" >&2
fi
if ! psql_admin "-tAc \"SELECT 1 FROM pg_database WHERE datname='${DB}'\"" | grep -q 1; then
  log "creating database ${DB}"
  psql_admin "-c \"CREATE DATABASE ${DB} OWNER ${ROLE}\"" >&2
fi
log "ready on 127.0.0.1:${PORT}, database ${DB}"
export ALLIANCE_TEST_POSTGRES_URL="postgresql+psycopg://${ROLE}:${PASSWORD}@127.0.0.1:${PORT}/${DB}"
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  echo "export ALLIANCE_TEST_POSTGRES_URL=${ALLIANCE_TEST_POSTGRES_URL}"
fi
