import { describe, expect, it } from 'vitest';
import { play, SCENARIOS } from '../../test/support/scenarios';
import { Conv } from '../../test/support/tcp-builder';
import { Connection } from '../../core/tcp/connection';
import { flowJson } from '../../core/tcp/summary';
import { TCP_STATES } from '../../core/tcp/vocabulary';
import { FlowJsonWriter } from './flows-json';
import { Output } from './output';

function printed(conns: Connection[]): string {
  const chunks: Buffer[] = [];
  const out = new Output((b) => chunks.push(Buffer.from(b)));
  const w = new FlowJsonWriter(out);
  conns.forEach((c, i) => w.write(c, i === 0));
  out.flush();
  return Buffer.concat(chunks).toString('utf8');
}

const v6 = () => new Conv({ ipVersion: 6, clientAddr: [0x20010db8, 0, 0, 1], serverAddr: [0x20010db8, 0, 0, 2], clientPort: 5000, serverPort: 443 });

describe('FlowJsonWriter', () => {
  it('writes JSON.stringify of flowJson, byte for byte, for every scenario', () => {
    for (const name of Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[]) {
      for (const v of [new Conv(), v6()]) {
        play(name, v);
        expect(printed([v.conn]), name).toBe(JSON.stringify(flowJson(v.conn)));
      }
    }
  });

  it('separates connections with commas, as in an array', () => {
    const conns = (Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[]).map((name) => play(name, new Conv()).conn);
    expect(`[${printed(conns)}]`).toBe(JSON.stringify(conns.map(flowJson)));
  });

  it('writes every pair of endpoint states, and a code no state has, as JSON.stringify does', () => {
    const conns: Connection[] = [];
    for (let client = -1; client <= TCP_STATES.length; client++) {
      for (let server = -1; server <= TCP_STATES.length; server++) {
        const c = play('three-way handshake', new Conv()).conn;
        c.client.state = client;
        c.server.state = server;
        conns.push(c);
      }
    }
    expect(`[${printed(conns)}]`).toBe(JSON.stringify(conns.map(flowJson)));
  });

  // Numbers at the edges of the digit writer and of JSON: beyond uint32, fractional, and not finite
  // for the times (counts are whole numbers, printed as `${n}` like flowJson's users expect).
  it.each([0, 9, 10, 99, 100, 2 ** 31 - 1, 2 ** 32 - 1, 2 ** 32, 2 ** 53, 0.1, 1e-7, 1e21, NaN, Infinity])('prints %s as JSON.stringify does', (n) => {
    const c = new Connection(n >>> 0, 4, 40000, 443, 4, 4, 1, n, 0);
    c.setAddresses(Uint32Array.of(0x0a000001, 0, 0, 0), Uint32Array.of(0xffffffff, 0, 0, 0));
    const count = Number.isFinite(n) ? n : 0;
    c.packets = count;
    c.lastFrame = count;
    c.client.bytes = count;
    c.lastNs = n;
    c.firstRttNs = n;
    c.countAnalysis(0b101);
    expect(printed([c])).toBe(JSON.stringify(flowJson(c)));
  });
});
