/**
 * `synfin flows` on two threads (electron/cli/flows-split.ts) prints byte for byte what it prints
 * on one: the built command, with its real worker, run both ways on the recorded fixtures and on
 * the shared corpus's captures. SYNFIN_THREADS chooses (the size threshold would keep these small
 * files on one thread).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { corpusCaptures, findCorpus, repoRoot } from '../support/corpus';
import { followFlowsSplit, Inbox } from '../../electron/cli/flows-split';
import { damaged, damages } from '../fuzz/damage';
import { Output } from '../../electron/cli/output';
import { PacketPipeline } from '../../core/pipeline';
import { flowJsonText } from '../../core/tcp/summary';
import { readCaptureFileSync } from '../../electron/host/capture-file';

const BIN = join(repoRoot, 'bin/synfin.js');
const built = existsSync(join(repoRoot, 'dist/cli/flows-worker.js'));

function synfin(args: string[], threads: '1' | '2'): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, SYNFIN_THREADS: threads } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const fixtures = readdirSync(join(repoRoot, 'test/fixtures')).filter((f) => /\.(pcap|pcapng)$/.test(f)).map((f) => join(repoRoot, 'test/fixtures', f));
const corpus = findCorpus();
/** Connections in a capture, as one thread follows them. */
function connectionsIn(path: string): number {
  const pipeline = new PacketPipeline(() => {});
  readCaptureFileSync(path, pipeline);
  return pipeline.tracker.connections.length;
}
// Captures with two connections or more: the ones a split can get wrong.
const corpusFiles = corpus ? corpusCaptures(corpus).map((f) => join(corpus, 'pcaps', f)).filter((f) => connectionsIn(f) >= 2) : [];
const WORKER = join(repoRoot, 'dist/cli/flows-worker.js');

describe.skipIf(!built)('synfin flows on two threads (skipped when dist/ is not built: run `npm run build`)', () => {
  it.each([
    ['the recorded fixtures', fixtures, ['--json']],
    ['the recorded fixtures, as a table', fixtures.slice(0, 6), []],
    [`the shared corpus${corpus ? '' : ' (skipped: ../shared/corpus is absent)'}`, corpusFiles, ['--json']],
  ])('prints what one thread prints, over %s', async (_name, files, extra) => {
    for (const file of files) {
      const args = ['flows', file, ...extra];
      const [one, two] = await Promise.all([synfin(args, '1'), synfin(args, '2')]);
      expect(two, file).toEqual(one);
    }
  });
});

describe.skipIf(!built)('synfin flows on two threads, on damaged captures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'synfin-threads-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says what one thread says: the same rows, warnings, error line and exit code', async () => {
    const original = readFileSync(join(repoRoot, 'test/fixtures/sample.pcapng')); // three connections, both shares
    const cases = damages(original.length, 12, 12, 2026);
    for (const [i, d] of cases.entries()) {
      const path = join(dir, `damaged-${i}.pcapng`);
      writeFileSync(path, damaged(original, d));
      const [one, two] = await Promise.all([synfin(['flows', path, '--json'], '1'), synfin(['flows', path, '--json'], '2')]);
      expect(two, `${d.kind} ${JSON.stringify(d)}`).toEqual(one);
    }
  });
});

describe.skipIf(!built)('followFlowsSplit with the built worker', () => {
  afterEach(() => vi.unstubAllEnvs());
  it('takes share 1 from the worker, and the rows are one thread\'s', async () => {
    const io = { out: new Output(() => {}), message: () => {}, progress: { write: () => true } };
    vi.stubEnv('SYNFIN_THREADS', '2'); // small files would stay on one thread
    let fromWorker = 0;
    for (const path of fixtures.filter((f) => connectionsIn(f) >= 2)) {
      const split = await followFlowsSplit(io, path, true, WORKER);
      const rows: string[] = [];
      await split!.eachRow({
        text: (row) => rows.push(row),
        bytes: (b, start, end) => {
          rows.push(new TextDecoder().decode(b.subarray(start, end)));
          fromWorker++;
        },
        object: () => expect.unreachable(),
      });
      expect(split!.fromWorker, path).toBe(true);
      const pipeline = new PacketPipeline(() => {});
      readCaptureFileSync(path, pipeline);
      expect(rows, path).toEqual(pipeline.tracker.connections.map((c) => flowJsonText(c)));
    }
    expect(fromWorker).toBeGreaterThan(0);
  });
});

describe('the worker inbox', () => {
  const worker = (code: string) => new Worker(code, { eval: true });

  it('hands on what the worker sent, then null once it is gone', async () => {
    const inbox = new Inbox(worker(`require('node:worker_threads').parentPort.postMessage({ kind: 'failed', message: 'x' })`));
    expect(await inbox.next(10_000)).toEqual({ kind: 'failed', message: 'x' });
    expect(await inbox.next(10_000)).toBeNull();
  });

  it('gives null when the worker dies without a word', async () => {
    const inbox = new Inbox(worker(`throw new Error('boom')`));
    expect(await inbox.next(10_000)).toBeNull();
  });

  it('gives null when the worker falls silent for longer than it may', async () => {
    const inbox = new Inbox(worker(`setInterval(() => {}, 1000)`));
    expect(await inbox.next(200)).toBeNull();
    inbox.close();
  });
});
