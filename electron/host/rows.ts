/**
 * Packet-list rows for the UI: the store's columns, plus what only the bytes hold (the Info
 * column), re-decoded from the file for the few rows on screen.
 */
import type { PacketRow } from '../../core/api';
import { Dissection, PROTOCOLS } from '../../core/decode/dissection';
import { dissectBytes } from '../../core/decode/dissect';
import { formatIP, formatMac } from '../../core/decode/address';
import { PacketFacts } from '../../core/tcp/facts';
import { relativeAck, relativeSeq } from '../../core/store/relative';
import { analysisNames, roleNames, stateName } from '../../core/tcp/vocabulary';
import { formatInfo } from '../../core/present/info';
import { MiscBit, NO_ETH } from '../../core/store/packet-store';
import type { AnalysisSession } from './session';

/** Rows per request: the UI asks for a screenful plus overscan; more is a mistake or an attack. */
export const MAX_ROWS_PER_REQUEST = 2000;

export class RowBuilder {
  private readonly d = new Dissection();
  private readonly f = new PacketFacts();
  private readonly addressText = new Map<number, [string, string]>();
  private readonly macText = new Map<number, [string, string]>();

  constructor(private readonly s: AnalysisSession) {}

  /** Source and destination as the list shows them: IP addresses, or MACs for frames without IP. */
  endpoints(i: number): [string, string] {
    const st = this.s.store;
    const pair = st.get('addrPair', i);
    const version = st.addresses.word(pair, 0);
    if (version === 4 || version === 6) {
      let t = this.addressText.get(pair);
      if (!t) {
        const words = (from: number) => [0, 1, 2, 3].map((n) => st.addresses.word(pair, from + n));
        t = [formatIP(version, words(1)), formatIP(version, words(5))];
        this.addressText.set(pair, t);
      }
      return t;
    }
    const macPair = st.get('ethPair', i);
    if (macPair === NO_ETH) return ['', ''];
    let t = this.macText.get(macPair);
    if (!t) {
      const b = new Uint8Array(12);
      const v = new DataView(b.buffer);
      for (let k = 0; k < 3; k++) v.setUint32(4 * k, st.macs.word(macPair, k));
      t = [formatMac(b, 0), formatMac(b, 6)];
      this.macText.set(macPair, t);
    }
    return t;
  }

  /** PacketFacts of store index i, as the tracker produced them (from the store's columns). */
  facts(i: number): PacketFacts | null {
    const st = this.s.store;
    const stream = st.get('stream', i);
    if (stream < 0) return null;
    const c = this.s.peek(stream)!;
    const f = this.f;
    f.reset();
    const misc = st.get('misc', i);
    f.stream = stream;
    f.fromClient = (misc & MiscBit.FROM_CLIENT) !== 0;
    f.relSeq = relativeSeq(st, i, c);
    f.relAck = relativeAck(st, i, c);
    f.rawNumbers = (misc & MiscBit.RAW_NUMBERS) !== 0;
    f.roles = st.get('roles', i);
    f.analysis = st.get('analysis', i);
    const states = st.get('states', i);
    f.clientState = states >> 4;
    f.serverState = states & 15;
    f.windowSize = st.windowSize(i);
    return f;
  }

  /** Decodes packet i's bytes again (for Info and details); null when the file cannot be read. */
  dissection(i: number): { d: Dissection; bytes: Uint8Array } | null {
    const bytes = this.s.bytes(i);
    if (!bytes) return null;
    dissectBytes(bytes, this.s.linkTypeOf(i), this.d, this.s.store.get('origLen', i));
    return { d: this.d, bytes };
  }

  row(viewRow: number, i: number, previous: number | null): PacketRow {
    const st = this.s.store;
    const [src, dst] = this.endpoints(i);
    const f = this.facts(i);
    const decoded = this.dissection(i);
    const rel = st.get('tsRelNs', i) / 1e9;
    const problem = decoded?.d.problem ? decoded.d.problem.message : decoded ? null : 'the packet could not be read back from the file';
    return {
      index: viewRow,
      frame: i + 1,
      time: st.epochSeconds(i),
      relative: rel,
      delta: previous === null ? 0 : rel - st.get('tsRelNs', previous) / 1e9,
      src,
      dst,
      protocol: PROTOCOLS[st.get('proto', i)] ?? 'Undecoded',
      length: st.get('origLen', i),
      info: decoded ? formatInfo(decoded.d, f) : '',
      stream: f ? f.stream : null,
      roles: roleNames(st.get('roles', i)),
      analysis: analysisNames(st.get('analysis', i)),
      states: f ? { client: stateName(f.clientState), server: stateName(f.serverState) } : null,
      problem,
    };
  }
}
