import { it } from 'vitest';
import { readCaptureFileSync } from '../electron/host/capture-file';
import { dissect } from '../core/decode/dissect';
import { Dissection } from '../core/decode/dissection';
import { PacketFacts } from '../core/tcp/facts';
import { TcpTracker } from '../core/tcp/tracker';
import { analysisNames } from '../core/tcp/vocabulary';
it('x', () => {
  const d = new Dissection(); const f = new PacketFacts(); const tr = new TcpTracker(); let n = 0;
  readCaptureFileSync(process.env.F!, { packet(r) { n++; dissect(r, d); tr.track(n, r.tsSec, r.tsNsec, d, f); console.log(n, JSON.stringify({ proto: d.proto, ipProto: d.ipProto, frag: d.isFragment, later: d.isLaterFragment, hl: d.tcpHeaderLen, len: d.payloadLen, problem: d.problem?.message, stream: f.stream, seq: f.relSeq, a: analysisNames(f.analysis) })); } });
  console.log('compl', tr.connections.map((c) => c.completeness));
});
