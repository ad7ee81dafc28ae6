/** A connection as `synfin flows --json` prints it (core/report.ts FlowJson; electron/cli/flows-json.ts writes its JSON text). */
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
