#!/usr/bin/env bash
# Runs every test: unit tests (*Test), then integration tests (*IT) against the local PostgreSQL,
# real WebSockets, real Hazelcast clusters, separate node processes and a headless Chromium.
# Installs Debian's chromium and chromium-driver first if either is missing (needs root or sudo and
# the Debian mirror); the browser tests drive /usr/bin/chromium through /usr/bin/chromedriver. The
# browser client's unit tests and package check need node and npm (ws and TypeScript 5 come from the
# npm registry).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  echo "installing Debian's chromium and chromium-driver for the browser tests"
  sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver > /dev/null
fi
if ! command -v npm > /dev/null; then
  echo "npm is missing (the browser client's package check needs node and npm): apt-get install -y nodejs npm" >&2
  exit 1
fi
if ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432; start it:" >&2
  echo "  pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2
  exit 1
fi

# The browser client's unit tests (node --test against a stand-in server; the ws package is their one
# dev dependency, installed from the npm registry into clients/js/node_modules, pinned by its lock file).
(cd clients/js && npm ci --no-audit --no-fund --loglevel=error && npm test)

exec ./mvnw -B verify "$@"
