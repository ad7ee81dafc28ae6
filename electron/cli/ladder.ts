/** `synfin ladder FILE --stream N`: one connection as a text sequence diagram. */
import type { Ladder } from '../../core/api';
import { TcpFlag } from '../../core/decode/dissection';
import { formatEndpoint } from '../../core/decode/address';
import { PacketPipeline } from '../../core/pipeline';
import { ladderRows, type LadderPacket } from '../../core/present/ladder';
import { formatTcpFlags } from '../../core/present/flags';
import { initialStates } from '../host/ladder-query';
import { flowJson } from '../../core/tcp/summary';
import { fail, finish, readCapture } from './read';
import { formatLadder } from './ladder-text';
import type { CliIo } from './io';

export function ladderCommand(io: CliIo, file: string, stream: number, json: boolean): number {
  const packets: LadderPacket[] = [];
  let firstFlags = 0;
  let startNs = 0;
  const outcome = readCapture(io, file, new PacketPipeline((frame, rec, d, f) => {
    if (f.stream !== stream) return;
    const ns = rec.tsSec * 1e9 + rec.tsNsec;
    if (packets.length === 0) {
      firstFlags = d.tcpFlags;
      startNs = ns;
    }
    packets.push({
      frame, time: (ns - startNs) / 1e9, fromClient: f.fromClient, flags: formatTcpFlags(d.tcpFlags),
      relSeq: f.relSeq, relAck: d.tcpFlags & TcpFlag.ACK ? f.relAck : null, len: d.payloadLen,
      roles: f.roles, analysis: f.analysis, clientState: f.clientState, serverState: f.serverState,
    });
  }));
  const c = outcome.pipeline.tracker.connections[stream];
  if (outcome.summary.format !== null && !c) {
    const n = outcome.pipeline.tracker.connections.length;
    fail(io, `${file} has no TCP stream ${stream} (${n === 0 ? 'it has no TCP connections' : `streams are 0–${n - 1}`}; see "synfin flows ${file}")`);
    return finish(io, file, outcome, false) || 1;
  }
  if (c) {
    const initial = initialStates(firstFlags);
    const ladder: Ladder = {
      stream,
      client: formatEndpoint(c.ipVersion, c.clientAddr, c.clientPort),
      server: formatEndpoint(c.ipVersion, c.serverAddr, c.serverPort),
      initialStates: initial,
      rows: ladderRows(packets, initial),
      packets: packets.length,
    };
    if (json) io.out.write(JSON.stringify(ladder) + '\n');
    else {
      const flow = flowJson(c);
      const summary = [
        `handshake: ${flow.handshake.status}${flow.handshake.irtt === null ? '' : `, iRTT ${(flow.handshake.irtt * 1000).toFixed(3)} ms`}` +
          ` · teardown: ${flow.teardown.status}${flow.teardown.initiator ? ` (${flow.teardown.initiator})` : ''}` +
          ` · final states: client ${flow.state.client}, server ${flow.state.server}`,
        ...c.notes.map((n) => `note, frame ${n.frame}: ${n.message}`),
      ];
      io.out.write(formatLadder(ladder, summary));
    }
  }
  io.out.flush();
  return finish(io, file, outcome, false);
}
