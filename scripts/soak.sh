#!/usr/bin/env bash
# Soak: two clustered nodes from target/paynotify.jar (separate processes) against the local
# PostgreSQL and a Mercado Pago stand-in, hundreds of tabs that go away and resume at random, and a
# steady stream of payments with duplicates and refunds for MINUTES. Prints payments, credits
# checked, reconnects, events lost (must be 0), duplicates per tab and each node's memory every 30 s
# (RSS, heap, live heap after a full GC: a leak is a line that keeps rising after warm-up).
# Exits 1 if an event was lost, a credit is off or a tab got a seq twice. Everything on 127.0.0.1.
#   usage: scripts/soak.sh [MINUTES (default 10)] [TABS (default 400)]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package test-compile
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath > /dev/null
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.paynotify.soak.Soak "$@"
