#!/usr/bin/env bash
# The benchmark: builds, prepares a fresh database, starts two clustered nodes from
# target/paynotify.jar with the JVM flags of scripts/jvm-flags (or BENCH_JVM_FLAGS, for A/B runs),
# drives them from separate load-generator JVMs (src/test/java/io/paynotify/bench) and prints a
# table; the figures go to target/bench/results.json. Figures, not pass/fail; docs/benchmarks.md
# says how to read them. The nodes listen on 127.0.0.1 only, without cluster TLS: they run with
# CLUSTER_INSECURE=true (set in the test tree's TestNode.clusterEnvs).
#   usage: scripts/bench.sh [--quick]     --quick: one idle point of 15,000 sockets, 200 payments/s; about 6 minutes
#          scripts/bench.sh --quick --idle-only   the idle figures alone (memory, idle CPU, connects): about 3 minutes
#          BENCH_SKIP_BUILD=1 scripts/bench.sh ...   reuse the last build (A/B runs of flags)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z ${BENCH_SKIP_BUILD:-} ]]; then
  ./mvnw -q -B -DskipTests package test-compile
  ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath > /dev/null
fi
# The targets: figures, not pass/fail; the table prints each beside its figure, marked met or not.
# KB is 1,024 bytes; idle CPU is the node's CPU while its sockets are held idle, in ms per second per
# 1,000 sockets; cold connects are the warm-up's, on fresh JVMs.
export BENCH_TARGET_RSS_KB=${BENCH_TARGET_RSS_KB:-8}              # RSS per idle socket, from the cold node
export BENCH_TARGET_HEAP_KB=${BENCH_TARGET_HEAP_KB:-5}            # live heap per idle socket
export BENCH_TARGET_IDLE_CPU=${BENCH_TARGET_IDLE_CPU:-1.0}        # at the default ping interval
export BENCH_TARGET_WARM_CONNECTS=${BENCH_TARGET_WARM_CONNECTS:-2500}
export BENCH_TARGET_COLD_CONNECTS=${BENCH_TARGET_COLD_CONNECTS:-1500}
export BENCH_TARGET_P99_MS=${BENCH_TARGET_P99_MS:-50}             # at 200 payments/s, cross-node
export BENCH_TARGET_PAYMENTS=${BENCH_TARGET_PAYMENTS:-500}        # per second, end to end
export BENCH_TARGET_STORM_SECONDS=${BENCH_TARGET_STORM_SECONDS:-10}  # and 0 lost
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "no PostgreSQL at 127.0.0.1:5432 (the bench creates and drops its own database there)" >&2; exit 1; }
# The bench's own JVM sends the webhooks and holds the latency tabs: a young generation of 2 GB means
# it does not stop for a collection within a run (at ~6 MB/s it would every ~17 s, for up to 150 ms
# on this 2-core machine, and each stop was counted as latency); its heap is touched at start, not
# page by page while the payments are measured. The nodes keep scripts/jvm-flags.
exec java -Xms3g -Xmx3g -Xmn2g -XX:+AlwaysPreTouch -XX:+UseSerialGC -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.paynotify.bench.Bench "$@"
