// A shop's TypeScript page using the packed paynotify package exactly as its README documents it.
import { connect, PaynotifyError, VERSION } from 'paynotify';
import type { Client, PaynotifyEvent, StateEvent } from 'paynotify';

const client: Client = connect({
  url: 'wss://notify.shop.example/notifications/ws',
  getToken: async () => {
    const response = await fetch('/my/token');
    if (!response.ok) throw Object.assign(new Error('token: ' + response.status), { status: response.status });
    return response.text();
  },
  apiUrl: 'https://notify.shop.example',
  pingInterval: 20000,
});
const onConfirmed = (event: PaynotifyEvent) => console.log(event.type, event.seq, event.data);
client.on('PAYMENT_CONFIRMED', (event) => {
  const total: number = event.data.totalCredits;
  const added: number = event.data.creditsAdded;
  const id: string = event.data.paymentId;
  console.log(total, added, id, event.seq);
});
client.on('PAYMENT_REJECTED', (event) => console.log(event.data.statusDetail));
client.on('PAYMENT_REFUNDED', (event) => {
  const removed: number = event.data.creditsRemoved;
  const partial: boolean = event.data.partial;
  console.log(removed, partial, event.data.refundedAmount ?? 'all');
});
client.on('PAYMENT_DISPUTED', (event) => console.log(event.data.statusDetail));
client.on('PAYMENT_DISPUTE_CLOSED', (event) => { const outcome: 'kept' = event.data.outcome; console.log(outcome); });
client.on('CREDITS_CHANGED', (event) => { const amount: number = event.data.amount; console.log(amount, event.data.reason); });
client.on('*', (event) => console.log(event.type));
client.on('state', ({ state, code, reason, recovered }: StateEvent) => {
  if (state === 'failed' || recovered === false) console.log(code, reason);
});
client.on('SHOP_CUSTOM_EVENT', onConfirmed);
client.off('SHOP_CUSTOM_EVENT', onConfirmed);
client.once('PAYMENT_CONFIRMED', (event) => console.log(event.data.totalCredits));
client.on('error', (error: PaynotifyError) => console.log(error.kind, error.code, error.fatal));
client.ready().then(({ recovered }) => console.log(recovered), (e: PaynotifyError) => console.log(e.message));
client.reconnect();
const last: PaynotifyError | null = client.lastError;
console.log(last);
const state: 'connecting' | 'ready' | 'disconnected' | 'failed' | 'closed' = client.state;
const lastSeq: number | null = client.lastSeq;
client.close();
connect({ url: 'wss://x/notifications/ws', getToken: () => 'a.b.c', shareAcrossTabs: false }).close();
const version: string = VERSION;
console.log(state, lastSeq, version);
