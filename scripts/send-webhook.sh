#!/usr/bin/env bash
# Signs and sends a Mercado Pago payment notification to a paynotify node, exactly as Mercado Pago
# does (query ?data.id=&type=payment, x-request-id, x-signature: ts=..,v1=HMAC-SHA256).
#   usage: MP_WEBHOOK_SECRET=... scripts/send-webhook.sh PAYMENT_ID [URL]
#   URL defaults to http://127.0.0.1:${HTTP_PORT:-8080}. The secret is read from the environment,
#   never from the command line, and is not printed.
set -euo pipefail
payment_id=${1:?usage: MP_WEBHOOK_SECRET=... $0 PAYMENT_ID [URL]}
url=${2:-http://127.0.0.1:${HTTP_PORT:-8080}}
secret=${MP_WEBHOOK_SECRET:?set MP_WEBHOOK_SECRET to the webhook secret of the node}
[[ $payment_id =~ ^[0-9]+$ ]] || { echo "PAYMENT_ID must be digits" >&2; exit 2; }

request_id=$(cat /proc/sys/kernel/random/uuid)
ts=$(date +%s%3N)
v1=$(printf 'id:%s;request-id:%s;ts:%s;' "$payment_id" "$request_id" "$ts" \
  | openssl dgst -sha256 -hmac "$secret" -hex | sed 's/^.*= //')
body=$(printf '{"action":"payment.updated","api_version":"v1","data":{"id":"%s"},"date_created":"%s","id":%s,"live_mode":false,"type":"payment","user_id":724484980}' \
  "$payment_id" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$ts")

curl -sS -w '\nHTTP %{http_code}\n' -X POST "$url/payments/webhook?data.id=$payment_id&type=payment" \
  -H 'content-type: application/json' -H "x-request-id: $request_id" -H "x-signature: ts=$ts,v1=$v1" \
  --data "$body"
