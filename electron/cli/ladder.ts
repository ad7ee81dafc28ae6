/**
 * `synfin ladder FILE --stream N`: one connection as a text sequence diagram, built exactly as the
 * app builds its ladder (the host's session over the file).
 */
import { readCaptureFileSync } from '../host/capture-file';
import { AnalysisSession } from '../host/session';
import { StreamIndex } from '../host/stream-index';
import { ladderOf } from '../host/ladder-query';
import { flowJson } from '../../core/tcp/summary';
import { ProgressLine } from './progress';
import { fail, finish } from './read';
import { formatLadder } from './ladder-text';
import type { CliIo } from './io';

export function ladderCommand(io: CliIo, file: string, stream: number, json: boolean): number {
  const session = new AnalysisSession(1, { kind: 'file', path: file, title: file });
  const progress = new ProgressLine(io.progress, file);
  const summary = readCaptureFileSync(file, session, {
    onProgress: (bytes, total) => progress.update(bytes, total, session.store.length, session.connectionCount),
  });
  progress.done();
  const outcome = { summary, tracker: session.tracker, frames: session.store.length };
  const c = session.connection(stream);
  if (summary.format !== null && !c) {
    const n = session.connectionCount;
    fail(io, `${file} has no TCP stream ${stream} (${n === 0 ? 'it has no TCP connections' : `streams are 0–${n - 1}`}; see "synfin flows ${file}")`);
    session.close();
    return finish(io, file, outcome, false) || 1;
  }
  const ladder = c ? ladderOf(session, new StreamIndex(), stream, []) : null;
  if (c && ladder) {
    if (json) io.out.write(JSON.stringify(ladder) + '\n');
    else {
      const flow = flowJson(c);
      const lines = [
        `handshake: ${flow.handshake.status}${flow.handshake.irtt === null ? '' : `, iRTT ${(flow.handshake.irtt * 1000).toFixed(3)} ms`}` +
          ` · teardown: ${flow.teardown.status}${flow.teardown.initiator ? ` (${flow.teardown.initiator})` : ''}` +
          ` · final states: client ${flow.state.client}, server ${flow.state.server}`,
        ...c.notes.map((n) => `note, frame ${n.frame}: ${n.message}`),
      ];
      io.out.write(formatLadder(ladder, lines));
    }
  }
  session.close();
  io.out.flush();
  return finish(io, file, outcome, false);
}
