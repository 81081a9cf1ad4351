#!/usr/bin/env bash
# Runs N paynotify nodes on this machine as one Hazelcast cluster, for trying the cluster out.
#   scripts/cluster.sh start N     node i (0-based): HTTP 8080+i, Hazelcast 5701+i, all joined by TCP/IP
#   scripts/cluster.sh stop        SIGTERM to every node (graceful drain), then waits for them
#   scripts/cluster.sh status      pid, ports and GET /ready of each node
# Pid files and logs live in RUN_DIR (default .run/cluster). Ports: HTTP_PORT_BASE (8080),
# CLUSTER_PORT_BASE (5701). JVM flags: scripts/jvm-flags, then JAVA_OPTS (a later -Xmx wins). The
# jar is target/paynotify.jar (built if missing). DATABASE_URL as for
# scripts/run.sh. Without JWT_SECRET / MP_WEBHOOK_SECRET / MP_ACCESS_TOKEN the nodes share throw-away
# secrets (kept in RUN_DIR/secrets.env, mode 600) and run in development mode. The nodes listen on
# 127.0.0.1 only and run with CLUSTER_INSECURE=true (no cluster TLS) unless CLUSTER_TLS_CERT_FILE,
# CLUSTER_TLS_KEY_FILE and CLUSTER_TLS_CA_FILE are set (then the event bus uses mutual TLS).
set -euo pipefail
cd "$(dirname "$0")/.."

run_dir=${RUN_DIR:-.run/cluster}
http_base=${HTTP_PORT_BASE:-8080}
hz_base=${CLUSTER_PORT_BASE:-5701}

usage() { echo "usage: $0 start N | stop | status" >&2; exit 2; }

node_pid() { [[ -f $run_dir/node-$1.pid ]] && kill -0 "$(cat "$run_dir/node-$1.pid")" 2>/dev/null && cat "$run_dir/node-$1.pid"; }

nodes() { ls "$run_dir"/node-*.pid 2>/dev/null | sed -E 's#.*/node-([0-9]+)\.pid#\1#' | sort -n; }

secrets() {
  if [[ -n ${JWT_SECRET:-}${JWT_PUBLIC_KEY:-} && -n ${MP_WEBHOOK_SECRET:-} && -n ${MP_ACCESS_TOKEN:-} ]]; then
    return
  fi
  if [[ ! -f $run_dir/secrets.env ]]; then
    (umask 077; {
      echo "JWT_SECRET=$(openssl rand -hex 24)"
      echo "MP_WEBHOOK_SECRET=$(openssl rand -hex 24)"
      echo "MP_ACCESS_TOKEN=APP_USR-dev-$(openssl rand -hex 12)"
    } > "$run_dir/secrets.env")
  fi
  set -a; . "$run_dir/secrets.env"; set +a
  export PAYNOTIFY_DEV=${PAYNOTIFY_DEV:-true}
  echo "secrets not all set: the nodes share throw-away ones from $run_dir/secrets.env (development mode)"
}

start() {
  local n=${1:-}
  [[ $n =~ ^[1-9][0-9]*$ ]] || usage
  mkdir -p "$run_dir"
  for i in $(nodes); do
    if node_pid "$i" >/dev/null; then echo "node $i is running: stop the cluster first" >&2; exit 1; fi
  done
  rm -f "$run_dir"/node-*.pid
  if [[ ! -f target/paynotify.jar ]]; then echo "building target/paynotify.jar"; ./mvnw -q -B -DskipTests package; fi
  export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/paynotify}
  local admin_url db
  db=$(sed -E 's#^[a-z]+://[^/]*/?([^?]*).*#\1#' <<<"$DATABASE_URL")
  admin_url=$(sed -E "s#^([a-z]+://[^/]*)/?[^?]*#\1/postgres#" <<<"$DATABASE_URL")
  if [[ -n $db && $(psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'") != 1 ]]; then
    psql "$admin_url" -qc "CREATE DATABASE \"$db\""
  fi
  secrets
  local members=""
  # the node flags of scripts/jvm-flags, as scripts/run.sh and the image use them; JAVA_OPTS after them
  local jvm_flags
  jvm_flags=$(grep -v '^[[:space:]]*#' scripts/jvm-flags | tr '\n' ' ')
  for ((i = 0; i < n; i++)); do members+="${members:+,}127.0.0.1:$((hz_base + i))"; done
  for ((i = 0; i < n; i++)); do
    # shellcheck disable=SC2086 # the flags are words
    HTTP_PORT=$((http_base + i)) CLUSTER=true CLUSTER_HOST=127.0.0.1 CLUSTER_PORT=$((hz_base + i)) \
      CLUSTER_INSECURE=${CLUSTER_INSECURE:-$([[ -n ${CLUSTER_TLS_CERT_FILE:-} ]] && echo false || echo true)} \
      CLUSTER_MEMBERS=$members CLUSTER_NAME=${CLUSTER_NAME:-paynotify-local} \
      nohup java $jvm_flags ${JAVA_OPTS:-} -jar target/paynotify.jar \
      > "$run_dir/node-$i.log" 2>&1 &
    echo $! > "$run_dir/node-$i.pid"
    echo "node $i: pid $! http :$((http_base + i)) hazelcast :$((hz_base + i)) log $run_dir/node-$i.log"
  done
  for ((i = 0; i < n; i++)); do
    for _ in $(seq 120); do
      curl -fs -o /dev/null "http://127.0.0.1:$((http_base + i))/ready" && break
      node_pid "$i" >/dev/null || { echo "node $i exited; see $run_dir/node-$i.log" >&2; exit 1; }
      sleep 1
    done
  done
  status
}

stop() {
  local i pid
  for i in $(nodes); do
    if pid=$(node_pid "$i"); then kill -TERM "$pid"; echo "node $i: SIGTERM to $pid"; fi
  done
  for i in $(nodes); do
    for _ in $(seq 60); do node_pid "$i" >/dev/null || break; sleep 1; done
    if pid=$(node_pid "$i"); then echo "node $i ($pid) still running after 60 s" >&2; else rm -f "$run_dir/node-$i.pid"; fi
  done
}

status() {
  local i pid port ready
  [[ -n $(nodes) ]] || { echo "no nodes (run dir $run_dir)"; return; }
  for i in $(nodes); do
    port=$((http_base + i))
    if pid=$(node_pid "$i"); then
      ready=$(curl -s --max-time 3 "http://127.0.0.1:$port/ready" || echo '(no answer)')
      echo "node $i: pid $pid http :$port hazelcast :$((hz_base + i)) ready $ready"
    else
      echo "node $i: not running (log $run_dir/node-$i.log)"
    fi
  done
}

case ${1:-} in
  start) start "${2:-}" ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
