#!/usr/bin/env bash
# Starts one paynotify node from a fresh clone: builds the jar if it is missing or older than the
# sources, makes sure the database exists, then runs the node in the foreground.
#   DATABASE_URL   default postgresql://postgres@127.0.0.1:5432/paynotify (created if missing)
#   Without JWT_SECRET / JWT_PUBLIC_KEY, MP_WEBHOOK_SECRET and MP_ACCESS_TOKEN the node starts in
#   development mode (PAYNOTIFY_DEV=true): throw-away secrets and a local Mercado Pago stand-in.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/paynotify}
db=$(sed -E 's#^[a-z]+://[^/]*/?([^?]*).*#\1#' <<<"$DATABASE_URL")
admin_url=$(sed -E "s#^([a-z]+://[^/]*)/?[^?]*#\1/postgres#" <<<"$DATABASE_URL")

if ! pg_isready -q -d "$admin_url" 2>/dev/null; then
  cat >&2 <<MSG
No PostgreSQL answers at ${admin_url%%\?*} (from DATABASE_URL).
Start the local one:   pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start
or install one:        apt-get install -y postgresql && pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start
or point DATABASE_URL at a PostgreSQL you have (postgresql://user:password@host:5432/paynotify).
MSG
  exit 1
fi
if [[ -n $db && $(psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'") != 1 ]]; then
  echo "creating database $db"
  psql "$admin_url" -qc "CREATE DATABASE \"$db\""
fi

if [[ ! -f target/paynotify.jar || -n $(find src conf pom.xml -newer target/paynotify.jar -print -quit) ]]; then
  echo "building target/paynotify.jar"
  ./mvnw -q -B -DskipTests package
fi

if [[ -z ${PAYNOTIFY_DEV:-} && ( -z ${JWT_SECRET:-}${JWT_PUBLIC_KEY:-} || -z ${MP_WEBHOOK_SECRET:-} || -z ${MP_ACCESS_TOKEN:-} ) ]]; then
  echo "JWT_SECRET / MP_WEBHOOK_SECRET / MP_ACCESS_TOKEN not all set: starting in development mode"
  export PAYNOTIFY_DEV=true
fi

# the node's JVM flags live in scripts/jvm-flags (the benchmark starts its nodes with the same ones)
jvm_flags=$(grep -v '^[[:space:]]*#' scripts/jvm-flags | tr '\n' ' ')
# shellcheck disable=SC2086 # the flags are words
exec java $jvm_flags ${JAVA_OPTS:-} -jar target/paynotify.jar
