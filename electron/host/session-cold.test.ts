import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../test/support/corpus';
import { readCaptureFileSync } from './capture-file';
import { AnalysisSession } from './session';
import { ConnectionTableQuery, connectionRow } from './connections';
import { RowBuilder } from './rows';
import { StreamIndex } from './stream-index';
import { ladderOf } from './ladder-query';
import { packetDetail } from './detail';
import { explainInput } from './explain-input';
import { startFilterRun } from './filtering';
import type { ConnectionSortKey } from '../../core/api';

const FIXTURES = join(repoRoot, 'test/fixtures');

/** Filters that read the connections (relative numbers need each stream's bases), and one that does not. */
const FILTERS = ['tcp.seq == 1', 'tcp.ack == 1 && tcp.len > 0', 'tcp.analysis.retransmission', 'tcp.completeness == 31', 'tcp.stream == 1', 'tcp.flags.syn == 1'];
const SORTS: ConnectionSortKey[] = ['stream', 'client', 'start', 'duration', 'packets', 'handshake', 'teardown', 'irtt', 'analysis'];

/** Everything the app asks a session, as JSON: the table in several orders, rows, details, ladders, explanations, filters. */
function answers(s: AnalysisSession): string[] {
  const out: string[] = [];
  const table = new ConnectionTableQuery();
  for (const sort of SORTS) {
    for (const descending of [false, true]) {
      out.push(JSON.stringify(table.page(s, { sort, descending, viewId: null, from: 0, to: 1000 }, null, 0)));
    }
  }
  for (let stream = 0; stream < s.connectionCount; stream++) out.push(JSON.stringify(connectionRow(s.peek(stream)!)));
  const rows = new RowBuilder(s);
  const index = new StreamIndex();
  for (let i = 0; i < s.store.length; i++) {
    out.push(JSON.stringify(rows.row(i, i, i > 0 ? i - 1 : null)));
    out.push(JSON.stringify(packetDetail(s, rows, index, i)));
    out.push(JSON.stringify(explainInput(s, index, i)));
  }
  for (let stream = 0; stream < s.connectionCount; stream++) out.push(JSON.stringify(ladderOf(s, index, stream, [])));
  for (const filter of FILTERS) {
    const run = startFilterRun(filter, s);
    if (!run.ok) throw new Error(`${filter}: ${run.error.message}`);
    out.push(`${filter}: ${[...run.value.runToEnd().matches].join('')}`);
  }
  return out;
}

function open(path: string, maxLive?: number): AnalysisSession {
  const s = new AnalysisSession(1, { kind: 'file', path, title: path }, { maxLive });
  readCaptureFileSync(path, s);
  return s;
}

describe('a session whose connections go to the cold store answers as one that keeps them all', () => {
  const fixtures = readdirSync(FIXTURES).filter((f) => /\.pcap(ng)?$/.test(f));
  it('has fixtures to read', () => expect(fixtures.length).toBeGreaterThan(5));
  for (const name of fixtures) {
    it(name, () => {
      const path = join(FIXTURES, name);
      const warm = open(path);
      const cold = open(path, 2);
      try {
        expect(cold.connectionCount).toBe(warm.connectionCount);
        const [a, b] = [answers(warm), answers(cold)];
        expect(b.length).toBe(a.length);
        const differences = a.flatMap((x, k) => (x === b[k] ? [] : [`${x}\n  against\n${b[k]}`]));
        expect(differences.slice(0, 3)).toEqual([]);
      } finally {
        warm.close();
        cold.close();
      }
    });
  }

  it('has no connection for a stream it does not have', () => {
    const s = open(join(FIXTURES, fixtures[0]!), 2);
    try {
      for (const stream of [-1, 1.5, s.connectionCount, Number.NaN]) {
        expect(s.connection(stream)).toBeNull();
        expect(s.peek(stream)).toBeUndefined();
      }
    } finally {
      s.close();
    }
  });
});
