/** The connections table: rows, sorted in the host (the renderer holds only the page it shows). */
import type { ConnectionPage, ConnectionQuery, ConnectionRow, ConnectionSortKey } from '../../core/api';
import type { Connection } from '../../core/tcp/connection';
import { flowJson } from '../../core/tcp/summary';
import { HANDSHAKE_STATUSES, TEARDOWN_STATUSES } from '../../core/tcp/vocabulary';
import { formatEndpoint } from '../../core/decode/address';

/** Rows per request, as for packets: a page of the table, not the table. */
export const MAX_CONNECTIONS_PER_REQUEST = 1000;

function analysisTotal(c: Connection): number {
  let total = 0;
  for (const n of c.analysisCounts) total += n;
  return total;
}

export function connectionRow(c: Connection): ConnectionRow {
  return { ...flowJson(c), analysisTotal: analysisTotal(c), notes: c.notes.map((n) => ({ ...n })) };
}

/** The value a connection sorts by, for each sortable column. */
const SORT_VALUE: Record<ConnectionSortKey, (c: Connection) => number | string> = {
  stream: (c) => c.stream,
  client: (c) => formatEndpoint(c.ipVersion, c.clientAddr, c.clientPort),
  server: (c) => formatEndpoint(c.ipVersion, c.serverAddr, c.serverPort),
  start: (c) => c.startSec + c.startNsec / 1e9,
  duration: (c) => c.lastNs,
  packets: (c) => c.packets,
  bytesClientToServer: (c) => c.client.bytes,
  bytesServerToClient: (c) => c.server.bytes,
  handshake: (c) => HANDSHAKE_STATUSES.indexOf(c.handshakeStatus),
  teardown: (c) => TEARDOWN_STATUSES.indexOf(c.teardownStatus),
  irtt: (c) => c.irtt ?? Number.POSITIVE_INFINITY,
  analysis: analysisTotal,
};

/** Where the table reads connections: by stream, each valid until the next read (AnalysisSession.peek). */
export interface ConnectionSource {
  readonly connectionCount: number;
  peek(stream: number): Connection | undefined;
}

export class ConnectionTableQuery {
  private cacheKey = '';
  private order: number[] = [];

  /**
   * One page of the table. `include` restricts it to the streams of a filtered view;
   * `generation` changes whenever connections were added or changed.
   */
  page(source: ConnectionSource, q: ConnectionQuery, include: ReadonlySet<number> | null, generation: number): ConnectionPage {
    const count = source.connectionCount;
    const key = `${q.sort}/${q.descending}/${q.viewId}/${generation}/${count}`;
    if (key !== this.cacheKey) {
      const value = SORT_VALUE[q.sort];
      const streams = include === null ? Array.from({ length: count }, (_, s) => s) : [...include].sort((a, b) => a - b);
      // Each connection is read once, in stream order (in order, the cold store reads on in bulk).
      const keyed = streams.map((s) => ({ s, v: value(source.peek(s)!) }));
      const dir = q.descending ? -1 : 1;
      keyed.sort((a, b) => (a.v < b.v ? -dir : a.v > b.v ? dir : a.s - b.s));
      this.order = keyed.map((k) => k.s);
      this.cacheKey = key;
    }
    const from = Math.max(0, q.from);
    const to = Math.min(this.order.length, q.to, from + MAX_CONNECTIONS_PER_REQUEST);
    const rows: ConnectionRow[] = [];
    for (let k = from; k < to; k++) rows.push(connectionRow(source.peek(this.order[k]!)!));
    return { total: this.order.length, rows };
  }
}
