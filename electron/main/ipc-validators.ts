/**
 * One argument validator per request method of the contract. The table's type is a mapped type
 * over every request method of SynfinApi, so adding a method to core/api.ts without a validator
 * here is a compile error, and main registers exactly the channels this table names.
 *
 * The renderer is treated as untrusted: a compromised or buggy page could send any value, so each
 * argument is checked for type, integer-ness, range and length before the host sees it.
 */
import type { ConnectionQuery, ConnectionSortKey, CaptureOptions, ViewSpec } from '../../core/api';
import type { InvokeArgs, InvokeMethod } from '../../core/ipc';
import { args, arrayOf, bool, int, nullable, oneOf, positive, record, str, withRule, type ArgsCheck } from './checks';

/** Frame numbers, stream numbers, row indexes and view ids live in 32-bit columns of the store. */
export const MAX_INDEX = 0xffff_ffff;
/** Stream numbers are stored in an Int32 column (−1 = not TCP). */
export const MAX_STREAM = 0x7fff_ffff;
/**
 * Rows or connections per request. The renderer asks for pages of 256; four pages bound one reply
 * to a few hundred kilobytes, so a bad request cannot make main build a reply of millions of rows.
 */
export const MAX_ROWS_PER_REQUEST = 1024;
/** A display filter is typed or pasted; its cost is per packet, so its length is bounded. */
export const MAX_FILTER_CHARS = 8192;
/** A BPF expression goes to libpcap's compiler; long address lists fit easily. */
export const MAX_BPF_CHARS = 8192;
/** Interface names: 16 bytes on Linux and macOS, `\Device\NPF_{GUID}` (~50) on Windows. */
export const MAX_INTERFACE_CHARS = 256;
/** Folds the user expanded in one ladder: a person clicks them one at a time. */
export const MAX_EXPANDED_FOLDS = 4096;
/** Capture packet limit: frames are numbered in 32 bits. */
export const MAX_PACKET_LIMIT = 0xffff_ffff;
/** Capture duration limit: Node timers fire at once beyond 2^31−1 ms (about 24.8 days). */
export const MAX_DURATION_SECONDS = Math.floor(0x7fff_ffff / 1000);

const SORT_KEYS: readonly ConnectionSortKey[] = [
  'stream', 'client', 'server', 'start', 'duration', 'packets',
  'bytesClientToServer', 'bytesServerToClient', 'handshake', 'teardown', 'irtt', 'analysis',
];

const none = args<[]>();
const index = int(0, MAX_INDEX);
const viewId = int(0, MAX_INDEX);
const stream = int(0, MAX_STREAM);
const frame = int(1, MAX_INDEX);

/** `from ≤ to` and a bounded span: `to` is exclusive, as in Array.slice. */
const spanRule = (from: number, to: number): string | null =>
  to < from ? `the range ends (${to}) before it starts (${from})`
  : to - from > MAX_ROWS_PER_REQUEST ? `the range asks for ${to - from} rows, at most ${MAX_ROWS_PER_REQUEST}`
  : null;

const viewSpec = record<ViewSpec>({ filter: str(MAX_FILTER_CHARS), stream: nullable(stream) });

const connectionQuery = record<ConnectionQuery>({
  sort: oneOf(SORT_KEYS),
  descending: bool,
  from: index,
  to: index,
  viewId: nullable(viewId),
});

const captureOptions = record<CaptureOptions>({
  interface: str(MAX_INTERFACE_CHARS, 1),
  filter: str(MAX_BPF_CHARS),
  packetLimit: nullable(int(1, MAX_PACKET_LIMIT)),
  durationLimitSeconds: nullable(positive(MAX_DURATION_SECONDS)),
});

export type ValidatorTable = { readonly [K in InvokeMethod]: ArgsCheck<InvokeArgs<K>> };

export const VALIDATORS: ValidatorTable = {
  openDialog: none,
  openRecent: args(int(0, MAX_INDEX)),
  recentFiles: none,
  openSample: none,
  firstStart: none,
  cancelLoading: none,
  closeFile: none,
  session: none,

  setView: args(viewSpec),
  checkFilter: args(str(MAX_FILTER_CHARS)),
  rows: withRule(args(viewId, index, index), ([, from, to]) => spanRule(from, to)),
  indexOfFrame: args(viewId, frame),
  connections: withRule(args(connectionQuery), ([q]) => spanRule(q.from, q.to)),
  connection: args(stream),
  packetDetail: args(frame),
  ladder: args(stream, arrayOf(int(0, MAX_INDEX), MAX_EXPANDED_FOLDS)),

  captureAvailability: none,
  interfaces: none,
  checkCaptureFilter: args(str(MAX_INTERFACE_CHARS, 1), str(MAX_BPF_CHARS)),
  startCapture: args(captureOptions),
  stopCapture: none,
};

/** The request methods, in the table's order: main registers one channel for each. */
export const INVOKE_METHODS = Object.keys(VALIDATORS) as InvokeMethod[];
