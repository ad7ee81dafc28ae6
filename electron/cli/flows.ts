/** `synfin flows FILE [--json] [--filter EXPR]`: one row per TCP connection. */
import type { FlowJson, FlowsJson } from '../../core/report';
import { flowJson } from '../../core/tcp/summary';
import { compileFilter, FilterRun } from '../../core/filter';
import { PacketStore } from '../../core/store/packet-store';
import type { Connection } from '../../core/tcp/connection';
import { commandPipeline, finish, readCapture, fail } from './read';
import { formatTable, type Column } from './table';
import type { CliIo } from './io';
import { FlowJsonWriter } from './flows-json';

const HANDSHAKE_TEXT: Record<FlowJson['handshake']['status'], string> = {
  complete: 'complete', 'syn-synack': 'SYN+SYN-ACK', 'syn-only': 'SYN only', 'not-captured': 'not captured',
};

function teardownText(f: FlowJson): string {
  const t = f.teardown;
  if (t.status === 'reset') return `reset by ${t.initiator ?? '?'}`;
  if (t.status === 'open') return 'still open';
  return t.initiator ? `${t.status} (${t.initiator})` : t.status;
}

const seconds = (s: number) => s.toFixed(6);

const COLUMNS: Column<FlowJson>[] = [
  { title: 'stream', align: 'right', value: (f) => String(f.stream) },
  { title: 'client', value: (f) => f.client },
  { title: 'server', value: (f) => f.server },
  { title: 'packets', align: 'right', value: (f) => String(f.packets) },
  { title: 'bytes→', align: 'right', value: (f) => String(f.bytesClientToServer) },
  { title: 'bytes←', align: 'right', value: (f) => String(f.bytesServerToClient) },
  { title: 'duration', align: 'right', value: (f) => seconds(f.duration) },
  { title: 'handshake', value: (f) => HANDSHAKE_TEXT[f.handshake.status] },
  { title: 'iRTT', align: 'right', value: (f) => (f.handshake.irtt === null ? '' : seconds(f.handshake.irtt)) },
  { title: 'teardown', value: teardownText },
  { title: 'client state', value: (f) => f.state.client },
  { title: 'server state', value: (f) => f.state.server },
  { title: 'analysis', value: (f) => Object.entries(f.analysis).map(([k, n]) => `${k}×${n}`).join(' ') },
];

export function flowsCommand(io: CliIo, file: string, json: boolean, filter: string | null): number {
  const compiled = filter === null ? null : compileFilter(filter);
  if (compiled && !compiled.ok) {
    fail(io, `bad filter "${filter}": ${compiled.error.message} (at character ${compiled.error.start + 1})`);
    return 1;
  }
  // A filter runs over the packet index, so only then is one kept (64 bytes a packet).
  const store = compiled ? new PacketStore() : null;
  const outcome = readCapture(io, file, commandPipeline(io, store ? (_frame, rec, d, f) => store.append(rec, d, f) : () => {}));
  const tracker = outcome.tracker;
  let selected: ArrayLike<number> = { length: tracker.connectionCount };
  let streamAt = (k: number) => k;
  if (compiled?.ok && store) {
    const matching = new FilterRun(compiled.value, { store, streamInfo: (s) => tracker.peek(s) }).runToEnd().matchingStreams();
    selected = matching;
    streamAt = (k) => matching[k]!;
  }
  const connectionAt = (k: number) => tracker.peek(streamAt(k));
  if (outcome.summary.format !== null) {
    if (json) {
      writeFlowsJson(io, { file, format: outcome.summary.format, packets: outcome.frames, connections: [] }, selected.length, connectionAt);
    } else {
      const flows = Array.from({ length: selected.length }, (_, k) => flowJson(connectionAt(k)));
      io.out.write(`${file}: ${outcome.summary.format}, ${outcome.frames} packets, ${tracker.connectionCount} TCP connections${filter ? `, ${flows.length} matching "${filter}"` : ''}\n`);
      if (flows.length > 0) io.out.write(formatTable(COLUMNS, flows));
    }
  }
  io.out.flush();
  const code = finish(io, file, outcome, true);
  tracker.close();
  return code;
}

/**
 * JSON.stringify of the whole document, byte for byte, written a connection at a time: the
 * document for a large capture (and the objects behind it) never exists at once in memory.
 */
function writeFlowsJson(io: CliIo, head: FlowsJson, count: number, connectionAt: (k: number) => Connection): void {
  const open = JSON.stringify(head);
  // `head` ends in `"connections":[]}`: print up to the `[`, then each connection, then `]}`.
  io.out.write(open.slice(0, open.length - 2));
  const writer = new FlowJsonWriter(io.out);
  for (let k = 0; k < count; k++) writer.write(connectionAt(k), k === 0);
  io.out.write(']}\n');
}
