/**
 * The shared capture corpus sits beside the repository (`../shared/corpus`, see its README), or
 * beside the folder of worktrees when this checkout is one of them; it may be absent.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const CORPUS = [resolve(ROOT, '../shared/corpus/pcaps'), resolve(ROOT, '../../shared/corpus/pcaps')].find((p) => existsSync(p))
  ?? resolve(ROOT, '../shared/corpus/pcaps');

export const corpusFile = (...parts: string[]): string => join(CORPUS, ...parts);

/** The small, complete HTTP connection (handshake, data, FIN teardown) the shell tests open. */
export const FIN_CAPTURE = corpusFile('pcapplusplus', 'one_http_stream_fin.pcap');
