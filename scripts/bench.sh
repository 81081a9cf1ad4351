#!/usr/bin/env bash
# Benchmarks: two clustered nodes from target/paynotify.jar (separate processes) against the local
# PostgreSQL and a Mercado Pago stand-in; prints connect rate, memory per idle socket and
# webhook-to-tab latency on one node and across the cluster. Figures, not pass/fail.
#   usage: scripts/bench.sh [SOCKETS (default 5000, at most ~18000: 20,000 open files per process)] [PAYMENTS (default 200)]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package test-compile
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath > /dev/null
exec java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.paynotify.bench.Bench "$@"
