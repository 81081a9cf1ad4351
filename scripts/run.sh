#!/usr/bin/env bash
# Starts one paynotify node from a fresh clone (any Linux or macOS with a JDK 17): builds the jar
# with the Maven Wrapper if it is missing or older than the sources, then runs the node in the
# foreground with the JVM flags of scripts/jvm-flags.
#   Without JWT_SECRET / JWT_PUBLIC_KEY, MP_WEBHOOK_SECRET and MP_ACCESS_TOKEN the node starts in
#   development mode (PAYNOTIFY_DEV=true): throw-away secrets and a local Mercado Pago stand-in.
#   DATABASE_URL   unset: the PostgreSQL at 127.0.0.1:5432 (database paynotify, created if missing);
#                  in development mode, if nothing answers there, an embedded PostgreSQL of the node's
#                  own (data under target/embedded-postgres). DATABASE_URL=embedded asks for that one.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -f target/paynotify.jar || -n $(find src conf clients pom.xml -newer target/paynotify.jar -print -quit) ]]; then
  echo "building target/paynotify.jar"
  ./mvnw -q -B -DskipTests package
fi

if [[ -z ${PAYNOTIFY_DEV:-} && ( -z ${JWT_SECRET:-}${JWT_PUBLIC_KEY:-}${JWT_JWKS_URL:-} || -z ${MP_WEBHOOK_SECRET:-} || -z ${MP_ACCESS_TOKEN:-} ) ]]; then
  echo "JWT_SECRET / MP_WEBHOOK_SECRET / MP_ACCESS_TOKEN not all set: starting in development mode"
  export PAYNOTIFY_DEV=true
fi

if [[ ${PAYNOTIFY_DEV:-} != true && -z ${DATABASE_URL:-} ]]; then
  export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/paynotify
fi
# A DATABASE_URL of your own: it must answer; its database is created if missing (when psql is here).
# Unset or "embedded": the node itself finds or starts its database (development mode).
if [[ -n ${DATABASE_URL:-} && $DATABASE_URL != embedded ]]; then
  hostport=$(sed -E 's#^[a-z]+://([^@/]*@)?([^/?]*).*#\2#' <<<"$DATABASE_URL")
  host=${hostport%:*}; port=${hostport##*:}; [[ $port == "$hostport" ]] && port=5432
  if ! (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
    echo "No PostgreSQL answers at $host:$port (from DATABASE_URL). Point DATABASE_URL at one you have," >&2
    echo "or unset it (or DATABASE_URL=embedded) to run development mode on an embedded PostgreSQL." >&2
    exit 1
  fi
  db=$(sed -E 's#^[a-z]+://[^/]*/?([^?]*).*#\1#' <<<"$DATABASE_URL")
  admin_url=$(sed -E "s#^([a-z]+://[^/]*)/?[^?]*#\1/postgres#" <<<"$DATABASE_URL")
  if [[ -n $db ]] && command -v psql > /dev/null \
     && [[ $(psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'") != 1 ]]; then
    echo "creating database $db"
    psql "$admin_url" -qc "CREATE DATABASE \"$db\""
  fi
fi

# the node's JVM flags live in scripts/jvm-flags (the benchmark and the image start nodes with the same ones)
jvm_flags=$(grep -v '^[[:space:]]*#' scripts/jvm-flags | tr '\n' ' ')
# shellcheck disable=SC2086 # the flags are words
exec java $jvm_flags ${JAVA_OPTS:-} -jar target/paynotify.jar
