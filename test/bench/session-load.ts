/**
 * Opens a capture as the app does (an analysis session over the file) and exits: run as a child
 * of the bench, so that its wall time, CPU time and peak RSS are the session's own.
 */
import { readCaptureFileSync } from '../../electron/host/capture-file';
import { AnalysisSession } from '../../electron/host/session';

const path = process.argv[2];
if (!path) throw new Error('usage: session-load FILE');
const s = new AnalysisSession(1, { kind: 'file', path, title: path });
const r = readCaptureFileSync(path, s);
if (r.error) throw new Error(r.error.message);
process.stdout.write(`${s.store.length} packets, ${s.connectionCount} connections\n`);
s.close();
