/**
 * The tracker on the recorded fixtures (test/fixtures: real Linux TCP, each connection driven on
 * purpose): what tshark 4.0.17 answered for them, as for the corpus, and what scenarios.json says a
 * TCP-literate reader expects Synfin to show — handshake and teardown, the frame of every role,
 * resets, and both endpoints' final states.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/corpus';
import { compareWithTshark } from '../support/tcp-compare';
import { flowJson } from '../../core/tcp/summary';
import { PACKET_ROLES } from '../../core/tcp/vocabulary';

const FIXTURES = join(repoRoot, 'test/fixtures');

interface Intent {
  stream: number;
  client: string;
  server: string;
  handshake: { status: string; open?: 'simultaneous'; frames: Record<string, number[]> };
  teardown: { status: string; initiator: string | null; frames: Record<string, number[]> };
  resets: number[];
  state: { client: string; server: string };
  /** Why the scenario expects what it does (prose, not compared). */
  note?: string;
}

const manifest = JSON.parse(readFileSync(join(FIXTURES, 'scenarios.json'), 'utf8')) as { fixtures: { name: string; file: string; connections: Intent[] }[] };

describe('the tracker on the recorded fixtures', () => {
  for (const fixture of manifest.fixtures) {
    it(`${fixture.name}: agrees with tshark and shows what the scenario intended`, () => {
      const r = compareWithTshark(join(FIXTURES, fixture.file), join(FIXTURES, 'expected', fixture.file), fixture.file);
      expect(r.differences).toEqual([]);
      expect(r.tracker.connections).toHaveLength(fixture.connections.length);
      for (const { note: _, ...want } of fixture.connections) {
        const c = r.tracker.connections[want.stream]!;
        const json = flowJson(c);
        const frames = (prefix: string) => Object.fromEntries(
          PACKET_ROLES.filter((role) => role.startsWith(prefix)).map((role) => [role, r.roles.get(want.stream)?.get(role) ?? []]),
        );
        const got: Intent = {
          stream: c.stream, client: json.client, server: json.server,
          handshake: { status: json.handshake.status, ...(c.simultaneousOpen ? { open: 'simultaneous' as const } : {}), frames: frames('handshake') },
          teardown: { status: json.teardown.status, initiator: json.teardown.initiator, frames: frames('teardown') },
          resets: r.roles.get(want.stream)?.get('reset') ?? [],
          state: json.state,
        };
        expect(got, `stream ${want.stream}`).toEqual(want);
      }
    });
  }
});
