// Mistakes the types must catch (the check fails on each line marked).
import { connect } from 'paynotify';

connect({ url: 'wss://x/notifications/ws' }); // TS2345: getToken is required
const client = connect({ url: 'wss://x/notifications/ws', getToken: () => 't' });
client.on('PAYMENT_CONFIRMED', (event) => event.data.noSuchField); // TS2339
client.on('state', ({ state }) => state === 'offline'); // TS2367: not a state
connect({ url: 'wss://x/notifications/ws', getToken: () => 't', tokenIn: 'cookie' }); // TS2322: not a place for the token
