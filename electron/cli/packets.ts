/** `synfin packets FILE [--json] [--filter EXPR]`: one row per frame, NDJSON with --json. */
import type { PacketRecord } from '../../core/formats/record';
import { PROTOCOLS, type Dissection } from '../../core/decode/dissection';
import { formatIP } from '../../core/decode/address';
import type { PacketFacts } from '../../core/tcp/facts';
import type { Connection } from '../../core/tcp/connection';
import { roleNames, stateName } from '../../core/tcp/vocabulary';
import { formatInfo } from '../../core/present/info';
import { compileFilter, FilterRun } from '../../core/filter';
import { PacketStore } from '../../core/store/packet-store';
import { roleBadge } from './ladder-text';
import type { PacketPipeline } from '../../core/pipeline';
import { commandPipeline, fail, finish, readCapture } from './read';
import { otherEndpoints, PacketJsonWriter } from './json-lines';
import type { CliIo } from './io';

export function packetsCommand(io: CliIo, file: string, json: boolean, filter: string | null): number {
  let keep: Uint8Array | null = null;
  if (filter !== null) {
    const compiled = compileFilter(filter);
    if (!compiled.ok) {
      fail(io, `bad filter "${filter}": ${compiled.error.message} (at character ${compiled.error.start + 1})`);
      return 1;
    }
    // First pass: index the file and run the filter (some fields, like tcp.completeness, are only
    // known at the end). The second pass prints the kept frames exactly as an unfiltered run does.
    const store = new PacketStore();
    const first = readCapture(io, file, commandPipeline(io, (_frame, rec, d, f) => store.append(rec, d, f)));
    if (first.summary.format === null) return finish(io, file, first, false);
    const tracker = first.tracker;
    keep = new FilterRun(compiled.value, { store, streamInfo: (s) => tracker.peek(s) }).runToEnd().matches;
    tracker.close();
  }

  const writer = json ? new PacketJsonWriter(io.out) : null;
  let firstNs = -1;
  const pipeline: PacketPipeline = commandPipeline(io, (frame, rec, d, f) => {
    if (firstNs < 0) firstNs = rec.tsSec * 1e9 + rec.tsNsec;
    if (keep !== null && !keep[frame - 1]) return;
    const conn = f.stream >= 0 ? pipeline.tracker.peek(f.stream) : null;
    if (writer !== null) writer.line(frame, rec, d, f, conn);
    else io.out.write(textLine(frame, rec, d, f, conn, (rec.tsSec * 1e9 + rec.tsNsec - firstNs) / 1e9));
  });
  const outcome = readCapture(io, file, pipeline);
  io.out.flush();
  pipeline.tracker.close();
  return finish(io, file, outcome, false);
}

function textLine(frame: number, rec: PacketRecord, d: Dissection, f: PacketFacts, c: Connection | null, rel: number): string {
  const ip = d.ipVersion === 4 || d.ipVersion === 6;
  const [src, dst] = ip ? [formatIP(d.ipVersion, d.src), formatIP(d.ipVersion, d.dst)] : otherEndpoints(rec, d);
  let line = `${String(frame).padStart(6)} ${rel.toFixed(6).padStart(12)} ${src ?? '?'} → ${dst ?? '?'} ${PROTOCOLS[d.proto] ?? 'Undecoded'} ${rec.origLen} ${formatInfo(d, c ? f : null)}`;
  if (c !== null) {
    const badge = roleBadge(roleNames(f.roles));
    line += `  ⟨${badge ? `${badge} · ` : ''}client ${stateName(f.clientState)}, server ${stateName(f.serverState)}⟩`;
  }
  return line + '\n';
}
