/**
 * A connection as `synfin flows --json` prints it: JSON.stringify(flowJson(c)) (core/tcp/summary.ts),
 * byte for byte, written straight into the output buffer. Building the same text as a string cost
 * about 3 µs a connection: a template of thirty parts, String() of each number, then encoding it.
 * Counts and frame numbers are whole numbers, printed as `${n}` does (the same as JSON for them);
 * the times are fractional, printed as String() does (OutputView.seconds: String() itself was the
 * largest cost left), null where JSON has no number. IPv4 endpoints are printed from their words.
 */
import type { Connection } from '../../core/tcp/connection';
import { MAX_ROLE_FRAMES } from '../../core/tcp/connection-numbers';
import { ANALYSIS_FLAGS, HANDSHAKE_STATUSES, TCP_STATES, TEARDOWN_STATUSES, stateName } from '../../core/tcp/vocabulary';
import { copyWords, OutputView, pieceWords, utf8 } from './bytes';
import type { Output } from './output';

const key = (s: string): Int32Array => pieceWords(utf8(s));
const K_STREAM = key('{"stream":');
const K_CLIENT = key(',"client":');
const K_SERVER = key(',"server":');
const K_FIRST_FRAME = key(',"firstFrame":');
const K_LAST_FRAME = key(',"lastFrame":');
const K_PACKETS = key(',"packets":');
const K_BYTES_C2S = key(',"bytesClientToServer":');
const K_BYTES_S2C = key(',"bytesServerToClient":');
const K_START = key(',"start":');
const K_DURATION = key(',"duration":');
const K_COMPLETENESS = key(',"completeness":');
const K_IRTT = key('],"irtt":');
const K_ANALYSIS = key('},"analysis":{');
/**
 * The words that take one of a few values (statuses, who ended it, the two states), each with the
 * keys around it as one piece, made for every value: a copy each instead of a JSON string each.
 */
const K_HANDSHAKE = HANDSHAKE_STATUSES.map((status) => key(`,"handshake":{"status":${JSON.stringify(status)},"frames":[`));
const INITIATORS = ['client', 'server', null] as const;
/** By teardown status × 3 + initiator (INITIATORS). */
const K_TEARDOWN = TEARDOWN_STATUSES.flatMap((status) =>
  INITIATORS.map((by) => key(`},"teardown":{"status":${JSON.stringify(status)},"initiator":${JSON.stringify(by)},"frames":[`)));
const statesText = (client: string, server: string) => `]},"state":{"client":${JSON.stringify(client)},"server":${JSON.stringify(server)}`;
/** By client state × TCP_STATES.length + server state. */
const K_STATES = TCP_STATES.flatMap((client) => TCP_STATES.map((server) => key(statesText(client, server))));
const K_END = key('}}');
/** ',"flag":' for each analysis flag, and without the comma for the first one printed. */
const K_FLAGS = ANALYSIS_FLAGS.map((flag) => key(`,"${flag}":`));
const K_FIRST_FLAGS = ANALYSIS_FLAGS.map((flag) => key(`"${flag}":`));

/** Bytes a connection needs besides an IPv6 endpoint's text (escaped, at most 6 bytes a character): keys, 25 numbers of at most 25 characters, the flags. */
const CONNECTION_BYTES = 2048;

export class FlowJsonWriter {
  private readonly view: OutputView;
  /** Where a connection's handshake or teardown frames are read to (see `frames`). */
  private readonly frameScratch = new Uint32Array(MAX_ROLE_FRAMES);

  constructor(private readonly out: Output) {
    this.view = new OutputView(out);
  }

  /** One connection's JSON, after a comma unless it is the first. */
  write(c: Connection, first: boolean): void {
    const v4 = c.ipVersion !== 6;
    const client = v4 ? '' : c.endpointText(true);
    const server = v4 ? '' : c.endpointText(false);
    const v = this.view;
    let p = v.begin(CONNECTION_BYTES + 6 * (client.length + server.length));
    const u8 = v.u8;
    const dv = v.dv;
    if (!first) u8[p++] = 44; // ','
    p = v.num(copyWords(dv, p, K_STREAM), c.stream);
    p = copyWords(dv, p, K_CLIENT);
    p = v4 ? this.ipv4(p, c.ipv4Word(true), c.clientPort) : v.string(p, client);
    p = copyWords(dv, p, K_SERVER);
    p = v4 ? this.ipv4(p, c.ipv4Word(false), c.serverPort) : v.string(p, server);
    p = v.num(copyWords(dv, p, K_FIRST_FRAME), c.firstFrame);
    p = v.num(copyWords(dv, p, K_LAST_FRAME), c.lastFrame);
    p = v.num(copyWords(dv, p, K_PACKETS), c.packets);
    p = v.num(copyWords(dv, p, K_BYTES_C2S), c.client.bytes);
    p = v.num(copyWords(dv, p, K_BYTES_S2C), c.server.bytes);
    p = this.fraction(copyWords(dv, p, K_START), c.startSec + c.startNsec / 1e9);
    p = this.fraction(copyWords(dv, p, K_DURATION), c.lastNs / 1e9);
    p = v.num(copyWords(dv, p, K_COMPLETENESS), c.completeness);
    p = copyWords(dv, p, K_HANDSHAKE[HANDSHAKE_STATUSES.indexOf(c.handshakeStatus)]!);
    p = this.frames(p, c.handshakeFramesInto(this.frameScratch));
    const irtt = c.irtt;
    p = copyWords(dv, p, K_IRTT);
    p = irtt === null ? v.ascii(p, 'null') : this.fraction(p, irtt);
    p = copyWords(dv, p, K_TEARDOWN[3 * TEARDOWN_STATUSES.indexOf(c.teardownStatus) + INITIATORS.indexOf(c.teardownInitiator)]!);
    p = this.frames(p, c.teardownFramesInto(this.frameScratch));
    p = this.states(p, c.client.state, c.server.state);
    p = copyWords(dv, p, K_ANALYSIS);
    const counts = c.analysisCounts;
    let keys = K_FIRST_FLAGS;
    for (let i = 0; i < counts.length; i++) {
      const n = counts[i]!;
      if (n > 0) {
        p = v.num(copyWords(dv, p, keys[i]!), n);
        keys = K_FLAGS;
      }
    }
    this.out.pos = copyWords(dv, p, K_END);
  }

  /** A fractional number as JSON.stringify prints it. */
  private fraction(p: number, n: number): number {
    return Number.isFinite(n) ? this.view.seconds(p, n) : this.view.ascii(p, 'null');
  }

  /** JSON.stringify(c.endpointText(…)) of an IPv4 endpoint, from its address word: no string made. */
  private ipv4(p: number, word: number, port: number): number {
    const v = this.view;
    const u8 = v.u8;
    u8[p] = 34;
    p = v.num(p + 1, word >>> 24);
    u8[p] = 46;
    p = v.num(p + 1, (word >>> 16) & 0xff);
    u8[p] = 46;
    p = v.num(p + 1, (word >>> 8) & 0xff);
    u8[p] = 46;
    p = v.num(p + 1, word & 0xff);
    u8[p] = 58;
    p = v.num(p + 1, port);
    u8[p] = 34;
    return p + 1;
  }

  /** The first `n` frames of `frameScratch`, comma-separated. */
  private frames(p: number, n: number): number {
    const v = this.view;
    const frames = this.frameScratch;
    for (let i = 0; i < n; i++) {
      if (i > 0) v.u8[p++] = 44;
      p = v.num(p, frames[i]!);
    }
    return p;
  }

  /** `]},"state":{"client":…,"server":…` for the two state codes: the piece, or (a code no state has) the text. */
  private states(p: number, client: number, server: number): number {
    const n = TCP_STATES.length;
    if (client >= 0 && client < n && server >= 0 && server < n) return copyWords(this.view.dv, p, K_STATES[client * n + server]!);
    return this.view.ascii(p, statesText(stateName(client), stateName(server)));
  }
}
