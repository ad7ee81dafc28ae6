import { describe, expect, it } from 'vitest';
import { createCaptureReader } from '../../core/formats/reader';
import { PacketPipeline } from '../../core/pipeline';
import { Conv, DEFAULT_ENDPOINTS, START_SEC } from '../../test/support/tcp-builder';
import { pcapBytes } from '../../test/support/pcap-writer';
import { SCENARIOS, type ScenarioName } from '../../test/support/scenarios';
import { ConnectionEvents, eventLine, type CaptureEvent } from './capture-events';

/** The scenario as a capture, through the reader and the pipeline, as `synfin capture` runs it. */
function eventsOf(name: ScenarioName): CaptureEvent[] {
  const conv = new Conv();
  SCENARIOS[name](conv);
  const events: CaptureEvent[] = [];
  let watcher: ConnectionEvents | null = null;
  const pipeline = new PacketPipeline((frame, rec, _d, f) => watcher!.frame(frame, rec, f));
  watcher = new ConnectionEvents(pipeline.tracker, (e) => events.push(e));
  const reader = createCaptureReader(pipeline);
  reader.push(pcapBytes(conv.segments.map((segment) => ({ segment, endpoints: DEFAULT_ENDPOINTS }))));
  reader.end();
  return events;
}

const brief = (e: CaptureEvent): string => {
  switch (e.event) {
    case 'close': return `${e.frame} close ${e.teardown} by ${e.initiator}`;
    case 'reset':
    case 'half-close': return `${e.frame} ${e.event} by ${e.by}`;
    default: return `${e.frame} ${e.event}`;
  }
};

describe('connection events of synfin capture', () => {
  it.each([
    ['three-way handshake', ['3 open']],
    ['simultaneous open', ['4 open']],
    ['unanswered SYN, retransmitted', []],
    ['refused (SYN answered by RST,ACK)', ['2 refused']],
    ['four-way close', ['3 open', '4 half-close by client', '7 close four-way by client']],
    ['three-way close (FIN+ACK acknowledges the FIN)', ['3 open', '4 half-close by client', '6 close three-way by client']],
    ['simultaneous close', ['3 open', '4 half-close by client', '7 close simultaneous by client']],
    ['half-close with data after the FIN', ['3 open', '4 half-close by client']],
    ['reset after the handshake', ['3 open', '5 reset by server']],
    ['RST outside the window is ignored', ['3 open']],
    // The client turns down a stale SYN-ACK and tries again: that RST ends nothing.
    ['stale SYN-ACK answered by RST, then the SYN again', ['6 open']],
  ] as [ScenarioName, string[]][])('%s', (name, expected) => {
    expect(eventsOf(name).map(brief)).toEqual(expected);
  });

  it('says each event in one line a person reads, and in JSON a script reads', () => {
    const [open, half, close] = eventsOf('four-way close');
    expect(open).toEqual({
      event: 'open', time: START_SEC + 0.003, frame: 3, stream: 0, client: '10.0.0.1:40000', server: '10.0.0.2:80', irtt: expect.closeTo(0.002, 9),
    });
    expect(eventLine(open!)).toMatch(/^\d\d:\d\d:\d\d\.003 {2}#0 10\.0\.0\.1:40000 → 10\.0\.0\.2:80 {2}opened \(handshake complete, iRTT 2\.0 ms\)$/);
    expect(eventLine(half!)).toMatch(/ {2}half-closed by the client \(FIN\)$/);
    expect(eventLine(close!)).toMatch(/ {2}closed: four-way, client initiated$/);
    const [, reset] = eventsOf('reset after the handshake');
    expect(reset).toMatchObject({ event: 'reset', by: 'server', states: { client: 'CLOSED', server: 'CLOSED' } });
    expect(eventLine(reset!)).toMatch(/ {2}reset by server$/);
    expect(eventLine(eventsOf('refused (SYN answered by RST,ACK)')[0]!)).toMatch(/ {2}refused \(SYN answered by RST\)$/);
  });
});
