import { describe, expect, it } from 'vitest';
import { formatLadder, roleBadge } from './ladder-text';
import type { Ladder } from '../../core/api';

describe('text ladder', () => {
  it('badges roles as the UI does', () => {
    expect(roleBadge(['handshake-1'])).toBe('HS 1/3');
    expect(roleBadge(['teardown-2', 'teardown-3'])).toBe('FIN 2/4 FIN 3/4');
    expect(roleBadge(['reset'])).toBe('RST');
  });
  it('draws arrows towards the receiver with states on the lanes where they change', () => {
    const ladder: Ladder = {
      stream: 0, client: '10.0.0.1:5000', server: '10.0.0.2:80', packets: 2,
      initialStates: { client: 'CLOSED', server: 'LISTEN' },
      rows: [
        { kind: 'packet', frame: 1, time: 0, fromClient: true, flags: 'SYN', seq: 0, ack: null, len: 0,
          roles: ['handshake-1'], analysis: [], clientState: 'SYN-SENT', serverState: 'SYN-RECEIVED' },
        { kind: 'packet', frame: 2, time: 0.0123, fromClient: false, flags: 'SYN,ACK', seq: 0, ack: 1, len: 0,
          roles: ['handshake-2'], analysis: [], clientState: 'ESTABLISHED', serverState: null },
        { kind: 'fold', id: 3, firstFrame: 3, lastFrame: 40, packets: 38, bytesClientToServer: 10, bytesServerToClient: 50000 },
      ],
    };
    const lines = formatLadder(ladder, ['handshake: complete']).split('\n');
    expect(lines[0]).toBe('stream 0: 10.0.0.1:5000 (client) ⇄ 10.0.0.2:80 (server), 2 packets');
    const syn = lines.find((l) => l.includes('#1'))!;
    expect(syn).toMatch(/^\s+0\.000000 SYN-SENT\s+─+ SYN seq=0 len=0 ─+▶ SYN-RECEIVED\s+#1\s+HS 1\/3$/);
    const synAck = lines.find((l) => l.includes('#2'))!;
    expect(synAck).toMatch(/0\.012300 ESTABLISHED\s+◀─+ SYN,ACK seq=0 ack=1 len=0 ─+\s+#2\s+HS 2\/3$/);
    expect(lines.find((l) => l.includes('folded'))).toContain('38 packets folded (frames 3–40): 10 bytes →, 50000 bytes ←');
  });
});
