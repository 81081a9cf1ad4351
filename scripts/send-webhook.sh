#!/usr/bin/env bash
# Signs and sends a Mercado Pago payment notification to a paynotify node, exactly as Mercado Pago
# does (query ?data.id=&type=payment, x-request-id, x-signature: ts=..,v1=HMAC-SHA256), with the
# jar's own signer (io.paynotify.dev.SendWebhook, the one the demo and the tests use).
#   usage: MP_WEBHOOK_SECRET=... scripts/send-webhook.sh PAYMENT_ID [URL]
#   URL defaults to http://127.0.0.1:${HTTP_PORT:-8080}. The secret is read from the environment,
#   never from the command line, and is not printed. Needs target/paynotify.jar (mvn package) or
#   PAYNOTIFY_JAR pointing at the jar.
set -euo pipefail
payment_id=${1:?usage: MP_WEBHOOK_SECRET=... $0 PAYMENT_ID [URL]}
url=${2:-http://127.0.0.1:${HTTP_PORT:-8080}}
: "${MP_WEBHOOK_SECRET:?set MP_WEBHOOK_SECRET to the webhook secret of the node}"
[[ $payment_id =~ ^[0-9]+$ ]] || { echo "PAYMENT_ID must be digits" >&2; exit 2; }
jar=${PAYNOTIFY_JAR:-$(dirname "$0")/../target/paynotify.jar}
[[ -f $jar ]] || { echo "no $jar: run mvn package first (or set PAYNOTIFY_JAR)" >&2; exit 2; }
exec java -cp "$jar" io.paynotify.dev.SendWebhook "$payment_id" "$url"
