/** A connection as `synfin flows --json` prints it (core/report.ts FlowJson), as an object or as its JSON text. */
import type { FlowJson } from '../report';
import type { Connection } from './connection';
import { ANALYSIS_FLAGS, stateName, type AnalysisFlag } from './vocabulary';

export function flowJson(c: Connection): FlowJson {
  const analysis: Partial<Record<AnalysisFlag, number>> = {};
  ANALYSIS_FLAGS.forEach((flag, i) => {
    const n = c.analysisCounts[i]!;
    if (n > 0) analysis[flag] = n;
  });
  return {
    stream: c.stream,
    client: c.endpointText(true),
    server: c.endpointText(false),
    firstFrame: c.firstFrame,
    lastFrame: c.lastFrame,
    packets: c.packets,
    bytesClientToServer: c.client.bytes,
    bytesServerToClient: c.server.bytes,
    start: c.startSec + c.startNsec / 1e9,
    duration: c.lastNs / 1e9,
    completeness: c.completeness,
    handshake: { status: c.handshakeStatus, frames: [...c.handshakeFrames], irtt: c.irtt },
    teardown: { status: c.teardownStatus, initiator: c.teardownInitiator, frames: [...c.teardownFrames] },
    state: { client: stateName(c.client.state), server: stateName(c.server.state) },
    analysis,
  };
}

/** JSON.stringify of a number that may be fractional: null where JSON has no number (NaN, ±Infinity). */
const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');
const nullable = (s: string | null): string => (s === null ? 'null' : JSON.stringify(s));

/**
 * JSON.stringify(flowJson(c)), byte for byte, without the objects: `flows --json` prints one per
 * connection, and tens of thousands of short-lived objects and a generic serialiser cost more
 * than the text itself. Counts and frame numbers are whole numbers, which print the same in a
 * template as in JSON.
 */
export function flowJsonText(c: Connection): string {
  const counts = c.analysisCounts;
  let analysis = '';
  for (let i = 0; i < ANALYSIS_FLAGS.length; i++) {
    const n = counts[i]!;
    if (n > 0) analysis += `${analysis ? ',' : ''}"${ANALYSIS_FLAGS[i]}":${n}`;
  }
  const irtt = c.irtt;
  return `{"stream":${c.stream},"client":${JSON.stringify(c.endpointText(true))},"server":${JSON.stringify(c.endpointText(false))}` +
    `,"firstFrame":${c.firstFrame},"lastFrame":${c.lastFrame},"packets":${c.packets}` +
    `,"bytesClientToServer":${c.client.bytes},"bytesServerToClient":${c.server.bytes}` +
    `,"start":${num(c.startSec + c.startNsec / 1e9)},"duration":${num(c.lastNs / 1e9)},"completeness":${c.completeness}` +
    `,"handshake":{"status":"${c.handshakeStatus}","frames":[${c.handshakeFrames.join(',')}],"irtt":${irtt === null ? 'null' : num(irtt)}}` +
    `,"teardown":{"status":"${c.teardownStatus}","initiator":${nullable(c.teardownInitiator)},"frames":[${c.teardownFrames.join(',')}]}` +
    `,"state":{"client":"${stateName(c.client.state)}","server":"${stateName(c.server.state)}"},"analysis":{${analysis}}}`;
}
