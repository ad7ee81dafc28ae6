/**
 * Checks that a device opens with a capture filter, in a short-lived child process: libpcap
 * compiles the filter for the device's link type (cap offers no pcap_open_dead, so only an open
 * handle can), and a handle whose open failed can neither be closed nor collected without aborting
 * the process (capture-device.ts). The child keeps its failures and exits without collecting them.
 *
 * The app (a long-lived process) checks every filter the user types this way, and checks a device
 * this way before it opens it for real; the CLI, which exits after a failure, opens in-process.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { type Result, err, ok } from '../../core/result';
import { CHECK_BUFFER_BYTES, classifyOpenError, describeOpenFailure, type DeviceError } from './capture-device';

/** Opening a device takes milliseconds; a child still running after this is stuck. */
const PROBE_TIMEOUT_MS = 15_000;

/** The child's program (CommonJS, given to `node -e`); its input comes in SYNFIN_PROBE. */
const PROBE_SOURCE = `
const { mod, device, filter, bufferBytes } = JSON.parse(process.env.SYNFIN_PROBE);
const { Cap } = require(mod);
const failed = [];
function attempt(f) {
  const cap = new Cap();
  try {
    cap.open(device, f, bufferBytes, Buffer.alloc(65535));
    cap.close();
    return null;
  } catch (e) {
    failed.push(cap);
    return String((e && e.message) || e).trim();
  }
}
const withFilter = attempt(filter);
let out = { ok: true };
if (withFilter !== null) {
  const bare = filter.trim() === '' ? withFilter : attempt('');
  out = bare === null ? { ok: false, filter: true, message: withFilter } : { ok: false, filter: false, message: bare };
}
process.stdout.write(JSON.stringify(out), () => process.exit(0));
`;

type ProbeOutput = { ok: true } | { ok: false; filter: boolean; message: string };

/** Whether `device` opens with `filter` (libpcap's message about the filter, or about the device, if not). */
export function probeDevice(modulePath: string, device: string, filter: string): Promise<Result<void, DeviceError>> {
  let mod: string;
  try {
    mod = createRequire(import.meta.url).resolve(modulePath);
  } catch (e) {
    return Promise.resolve(err({ kind: 'other', message: `cannot find ${modulePath}: ${e instanceof Error ? e.message : String(e)}` }));
  }
  const input = JSON.stringify({ mod, device, filter, bufferBytes: CHECK_BUFFER_BYTES });
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-e', PROBE_SOURCE],
      // ELECTRON_RUN_AS_NODE: in the app, process.execPath is Electron, which then runs as plain Node.
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', SYNFIN_PROBE: input }, timeout: PROBE_TIMEOUT_MS, maxBuffer: 1 << 16, windowsHide: true },
      (error, stdout, stderr) => {
        let out: ProbeOutput | null = null;
        try {
          out = JSON.parse(stdout) as ProbeOutput;
        } catch {
          // No answer: the child failed before it could give one (said below).
        }
        if (out === null) {
          const why = stderr.trim().split('\n').pop() || (error ? error.message : 'no answer');
          resolve(err({ kind: 'other', message: `cannot check ${device}: the capture check failed (${why})` }));
        } else if (out.ok) {
          resolve(ok(undefined));
        } else {
          resolve(err(describeOpenFailure(device, out.filter ? 'filter' : classifyOpenError(out.message), out.message)));
        }
      },
    );
  });
}
