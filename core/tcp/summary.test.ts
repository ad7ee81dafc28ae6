import { describe, expect, it } from 'vitest';
import { play } from '../../test/support/scenarios';
import { Conv, START_SEC } from '../../test/support/tcp-builder';
import { flowJson } from './summary';

describe('flowJson', () => {
  it('describes a whole connection as `synfin flows --json` prints it', () => {
    const v = new Conv();
    v.c('S', 1000, 0, { t: 0.5 });
    play('four-way close', v);
    expect(flowJson(v.conn)).toEqual({
      stream: 0,
      client: '10.0.0.1:40000',
      server: '10.0.0.2:80',
      firstFrame: 1,
      lastFrame: 8,
      packets: 8,
      bytesClientToServer: 0,
      bytesServerToClient: 0,
      start: START_SEC + 0.5,
      duration: 0.007,
      completeness: 23,
      handshake: { status: 'complete', frames: [1, 3, 4], irtt: 0.002 },
      teardown: { status: 'four-way', initiator: 'client', frames: [5, 6, 7, 8] },
      state: { client: 'TIME-WAIT', server: 'CLOSED' },
      analysis: { retransmission: 1 },
    });
  });

  it('writes IPv6 endpoints as [v6]:port and leaves out flags that never occurred', () => {
    const v = new Conv({ ipVersion: 6, clientAddr: [0x20010db8, 0, 0, 1], serverAddr: [0x20010db8, 0, 0, 2], clientPort: 5000, serverPort: 443 });
    play('duplicate ACKs', v);
    const json = flowJson(v.conn);
    expect([json.client, json.server, json.analysis]).toEqual(['[2001:db8::1]:5000', '[2001:db8::2]:443', { duplicate_ack: 2 }]);
    expect([json.bytesClientToServer, json.teardown.initiator, json.handshake.irtt]).toEqual([100, null, 0.002]);
  });

  it('names who reset a connection', () => {
    const v = play('reset after the handshake', new Conv());
    expect(flowJson(v.conn).teardown).toEqual({ status: 'reset', initiator: 'server', frames: [] });
  });
});
