/**
 * The project's own recorded captures (test/fixtures), each driven on purpose: for every
 * connection, the table, the ladder's summary and its role-coloured arrows must say what
 * scenarios.json says a TCP-literate person expects (written from the recording's intent, not
 * from Synfin's output).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandshakeStatus, PacketRole, TcpState, TeardownStatus } from '../../core/tcp/vocabulary';
import { LADDER_ROW_HEIGHT, rowOfFrame } from '../../renderer/src/lib/ladder-layout';
import { HANDSHAKE_LABEL, teardownLabel } from '../../renderer/src/lib/format';
import { launchApp, ROOT, type App } from './harness';
import { announceSkip, host, skipReason } from './setup';

interface Scenario {
  name: string;
  file: string;
  connections: {
    stream: number;
    handshake: { status: HandshakeStatus; frames: Partial<Record<PacketRole, number[]>> };
    teardown: { status: TeardownStatus; initiator: 'client' | 'server' | null; frames: Partial<Record<PacketRole, number[]>> };
    resets: number[];
    state: { client: TcpState; server: TcpState };
  }[];
}

const DIR = join(ROOT, 'test/fixtures');
/** The fixtures about opening and closing: what the ladder is for. */
const SHOWN = ['client-close', 'three-way-close', 'server-close', 'half-close', 'simultaneous-close', 'reset-client',
  'reset-server', 'refused', 'syn-unanswered', 'sample'];
const all: Scenario[] = (() => {
  try {
    return (JSON.parse(readFileSync(join(DIR, 'scenarios.json'), 'utf8')) as { fixtures: Scenario[] }).fixtures;
  } catch {
    return [];
  }
})();
const scenarios = all.filter((s) => SHOWN.includes(s.name));
const skip = announceSkip('fixtures', scenarios.length ? skipReason(...scenarios.map((s) => join(DIR, s.file))) : 'test/fixtures/scenarios.json absent');

describe.skipIf(skip)('fixture captures read as their scenarios say', () => {
  let app: App;
  beforeAll(async () => {
    app = await launchApp({ createHost: host! });
    await app.page.waitForSelector('.start-screen');
  });
  afterAll(async () => app?.close());

  for (const s of scenarios) {
    it(`${s.name}: statuses, end states and role-coloured arrows`, async () => {
      const { page } = app;
      await app.openFile(join(DIR, s.file));
      await app.whenRead();
      await expect.poll(() => page.locator('.status-file').textContent()).toContain(s.file);
      for (const c of s.connections) {
        const row = page.locator(`.crow[data-stream="${c.stream}"]`);
        await expect.poll(() => row.locator('.cc-handshake').textContent()).toBe(HANDSHAKE_LABEL[c.handshake.status]);
        expect(await row.locator('.cc-teardown').textContent()).toBe(teardownLabel(c.teardown.status, c.teardown.initiator));
        await row.click();
        await expect.poll(() => page.locator('.ladder-title strong').textContent()).toBe(`Stream ${c.stream}`);
        await expect.poll(() => page.locator('.ladder-statuses').textContent()).toContain(`End: client ${c.state.client} · server ${c.state.server}`);
        const ladder = (await app.host.ladder(c.stream, []))!;
        const expectClass = async (frame: number, cls: string[]) => {
          const i = rowOfFrame(ladder.rows, frame);
          expect(i, `frame ${frame} is in the ladder`).toBeGreaterThanOrEqual(0);
          await page.getByTestId('ladder-scroll').evaluate((el, y) => (el.scrollTop = y), Math.max(0, i * LADDER_ROW_HEIGHT - 60));
          const band = page.locator(`.band[data-frame="${frame}"]`);
          await expect.poll(() => band.count()).toBe(1);
          const got = (await band.getAttribute('class'))!;
          expect(cls.some((k) => got.includes(k)), `frame ${frame}: ${got} has one of ${cls}`).toBe(true);
        };
        for (const frames of Object.values(c.handshake.frames)) for (const f of frames ?? []) await expectClass(f, ['role-handshake', 'role-problem']);
        for (const frames of Object.values(c.teardown.frames)) for (const f of frames ?? []) await expectClass(f, ['role-teardown', 'role-problem', 'role-reset']);
        for (const f of c.resets) await expectClass(f, ['role-reset']);
        if (c === s.connections[0]) {
          await page.getByTestId('ladder-scroll').evaluate((el) => (el.scrollTop = 0));
          await app.screenshot(`50-fixture-${s.name}`);
        }
      }
      expect(app.pageErrors).toEqual([]);
    });
  }
});
