/**
 * What `synfin capture` prints: the moments a connection opens, half-closes, closes, is reset or
 * is refused, found from the tracker's verdict on each frame, once per connection and moment.
 * One JSON object per event with --json; one line for people otherwise.
 */
import type { PacketRecord } from '../../core/formats/record';
import type { PacketFacts } from '../../core/tcp/facts';
import type { TcpTracker } from '../../core/tcp/tracker';
import { Who } from '../../core/tcp/connection';
import { formatEndpoint } from '../../core/decode/address';
import { stateName, type TcpState } from '../../core/tcp/vocabulary';

type Side = 'client' | 'server';

interface EventBase {
  /** Epoch seconds of the frame that made it happen. */
  time: number;
  frame: number;
  stream: number;
  client: string;
  server: string;
}

export type CaptureEvent = EventBase & (
  | { event: 'open'; irtt: number | null }
  | { event: 'half-close'; by: Side }
  | { event: 'close'; teardown: 'four-way' | 'three-way' | 'simultaneous'; initiator: Side | null }
  | { event: 'reset'; by: Side; states: { client: TcpState; server: TcpState } }
  | { event: 'refused' }
);

/** What has been told about a stream (bits), so each moment is told once. */
const Told = Object.freeze({ OPEN: 1, HALF_CLOSE: 2, CLOSE: 4, RESET: 8 });

const side = (who: number): Side | null => (who === Who.CLIENT ? 'client' : who === Who.SERVER ? 'server' : null);

export class ConnectionEvents {
  private told = new Uint8Array(1024);
  readonly counts = { open: 0, 'half-close': 0, close: 0, reset: 0, refused: 0 };

  constructor(private readonly tracker: TcpTracker, private readonly emit: (e: CaptureEvent) => void) {}

  /** Called after the tracker has seen `frame` (a FrameHandler of the pipeline). */
  frame(frame: number, rec: PacketRecord, f: PacketFacts): void {
    if (f.stream < 0) return;
    const c = this.tracker.peek(f.stream);
    if (f.stream >= this.told.length) {
      const grown = new Uint8Array(Math.max(this.told.length * 2, f.stream + 1));
      grown.set(this.told);
      this.told = grown;
    }
    const told = this.told[f.stream]!;
    let now = told;
    const base = (): EventBase => ({
      time: rec.tsSec + rec.tsNsec / 1e9, frame, stream: c.stream,
      client: formatEndpoint(c.ipVersion, c.clientAddr, c.clientPort), server: formatEndpoint(c.ipVersion, c.serverAddr, c.serverPort),
    });
    if (!(told & Told.OPEN) && c.handshakeStatus === 'complete') {
      now |= Told.OPEN;
      this.tell({ event: 'open', ...base(), irtt: c.irtt });
    }
    // The RST that closed an endpoint (the tracker's verdict: one that was ignored, or that only
    // turned down a stale SYN-ACK while the client still waits, closes nothing).
    if (c.resetFrame === frame && !(told & Told.RESET)) {
      now |= Told.RESET;
      const by: Side = f.fromClient ? 'client' : 'server';
      // A SYN answered by an RST from the server: nobody was listening (or a firewall said no).
      if (!(now & Told.OPEN) && c.handshake1 && by === 'server') this.tell({ event: 'refused', ...base() });
      else this.tell({ event: 'reset', ...base(), by, states: { client: stateName(f.clientState), server: stateName(f.serverState) } });
    }
    if (!(told & (Told.HALF_CLOSE | Told.RESET)) && !(now & Told.RESET) && c.firstFinFrom !== Who.NONE && !c.secondFinSeen) {
      now |= Told.HALF_CLOSE;
      this.tell({ event: 'half-close', ...base(), by: side(c.firstFinFrom)! });
    }
    if (!(told & Told.CLOSE) && c.secondFinSeen && c.firstFinAcked && c.secondFinAcked) { // both FINs acknowledged
      now |= Told.CLOSE;
      const teardown = c.teardownStatus as 'four-way' | 'three-way' | 'simultaneous';
      this.tell({ event: 'close', ...base(), teardown, initiator: c.teardownInitiator });
    }
    this.told[f.stream] = now;
  }

  private tell(e: CaptureEvent): void {
    this.counts[e.event]++;
    this.emit(e);
  }
}

/** Connections still open at the end (neither closed nor reset), for the summary. */
export function stillOpen(tracker: TcpTracker): number {
  let open = 0;
  for (let s = 0; s < tracker.connectionCount; s++) {
    const status = tracker.peek(s).teardownStatus;
    if (status === 'open' || status === 'half-closed') open++;
  }
  return open;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local wall-clock time of day with milliseconds, as a capture's log shows it. */
export function clockTime(epochSeconds: number): string {
  const d = new Date(Math.floor(epochSeconds * 1000));
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

const ms = (seconds: number) => `${(seconds * 1000).toFixed(seconds < 0.001 ? 3 : 1)} ms`;

/** The event as one line: "12:00:01.234  #3 10.0.0.1:51000 → 10.0.0.2:80  opened (handshake complete, iRTT 0.3 ms)". */
export function eventLine(e: CaptureEvent): string {
  let what: string;
  switch (e.event) {
    case 'open':
      what = `opened (handshake complete${e.irtt === null ? '' : `, iRTT ${ms(e.irtt)}`})`;
      break;
    case 'half-close':
      what = `half-closed by the ${e.by} (FIN)`;
      break;
    case 'close':
      what = `closed: ${e.teardown}, ${e.initiator ?? 'unknown'} initiated`;
      break;
    case 'reset':
      what = `reset by ${e.by}`;
      break;
    case 'refused':
      what = 'refused (SYN answered by RST)';
      break;
  }
  return `${clockTime(e.time)}  #${e.stream} ${e.client} → ${e.server}  ${what}`;
}
