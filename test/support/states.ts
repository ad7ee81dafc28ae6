/** Segments that bring one endpoint ("x": the client or the server) of a connection into each state. */
import type { Conv } from './tcp-builder';
import type { TcpState } from '../../core/tcp/vocabulary';

export type Who = 'c' | 's';

export const STATE_SETUPS: Record<TcpState, { x: Who; run: (conv: Conv) => void }> = {
  'CLOSED': { x: 'c', run: () => {} },
  'LISTEN': { x: 's', run: (v) => v.c('S', 1000, 0) },
  'SYN-SENT': { x: 'c', run: (v) => v.c('S', 1000, 0) },
  'SYN-RECEIVED': { x: 's', run: (v) => { v.c('S', 1000, 0); v.s('SA', 5000, 1001); } },
  'ESTABLISHED': { x: 'c', run: (v) => v.handshake() },
  'FIN-WAIT-1': { x: 'c', run: (v) => { v.handshake(); v.c('FA', 1001, 5001); } },
  'FIN-WAIT-2': { x: 'c', run: (v) => { v.handshake(); v.c('FA', 1001, 5001); v.s('A', 5001, 1002); } },
  'CLOSE-WAIT': { x: 's', run: (v) => { v.handshake(); v.c('FA', 1001, 5001); } },
  'CLOSING': { x: 'c', run: (v) => { v.handshake(); v.c('FA', 1001, 5001); v.s('FA', 5001, 1001); } },
  'LAST-ACK': { x: 's', run: (v) => { v.handshake(); v.c('FA', 1001, 5001); v.s('FA', 5001, 1002); } },
  'TIME-WAIT': { x: 'c', run: (v) => { v.handshake(); v.c('FA', 1001, 5001); v.s('FA', 5001, 1002); v.c('A', 1002, 5002); } },
};
