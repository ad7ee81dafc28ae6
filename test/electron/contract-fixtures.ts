/**
 * Arguments and answers for every request method of the contract, for the IPC tests: one valid
 * call each, many invalid ones each, and a handler table that records what reached it. Keyed by
 * InvokeMethod, so a method added to core/api.ts fails to compile here until it has its cases.
 *
 * The handler table stands in for the host only where the host is not under test: the tests that
 * use it prove what the IPC layer lets through, and that nothing invalid reaches a handler.
 */
import type { SessionInfo } from '../../core/api';
import type { InvokeArgs, InvokeMethod } from '../../core/ipc';
import { ok } from '../../core/result';
import type { InvokeHandlers } from '../../electron/main/ipc-dispatch';

export const SESSION: SessionInfo = {
  sessionId: 3, title: 'one_http_stream_fin.pcap', source: 'file', format: 'pcap', phase: 'ready',
  packets: 15, connections: 1, firstTime: 1_600_000_000.25, warnings: [], error: null, unsaved: false,
};

export const VALID_CALLS: { [K in InvokeMethod]: InvokeArgs<K> } = {
  openDialog: [],
  openRecent: [1],
  recentFiles: [],
  openSample: [],
  firstStart: [],
  cancelLoading: [],
  closeFile: [],
  session: [],
  setView: [{ filter: 'tcp.flags.syn == 1', stream: null }],
  checkFilter: ['tcp.port == 80'],
  rows: [1, 0, 256],
  indexOfFrame: [1, 15],
  connections: [{ sort: 'stream', descending: false, from: 0, to: 256, viewId: null }],
  connection: [0],
  packetDetail: [1],
  ladder: [0, [2, 5]],
  captureAvailability: [],
  interfaces: [],
  checkCaptureFilter: ['eth0', 'tcp port 80'],
  startCapture: [{ interface: 'eth0', filter: 'tcp', packetLimit: 1000, durationLimitSeconds: 30 }],
  stopCapture: [],
};

const LONG = 'x'.repeat(100_000);
const NaN_ = Number.NaN;

/** Invalid argument lists: wrong types, NaN and infinities, fractions, negatives, huge ranges, overlong strings, extra args. */
export const INVALID_CALLS: { [K in InvokeMethod]: unknown[][] } = {
  openDialog: [['/etc/passwd'], [undefined]],
  openRecent: [[], ['1'], [-1], [1.5], [NaN_], [Infinity], [2 ** 40], [null], [1, 2], [{ id: 1 }]],
  recentFiles: [[1]],
  openSample: [['/tmp/x.pcap']],
  firstStart: [[true]],
  cancelLoading: [[true]],
  closeFile: [[0]],
  session: [[{}]],
  setView: [
    [], [null], ['tcp'], [{ filter: 'tcp' }], [{ filter: 'tcp', stream: null, extra: 1 }],
    [{ filter: 7, stream: null }], [{ filter: LONG, stream: null }], [{ filter: 'tcp', stream: -1 }],
    [{ filter: 'tcp', stream: 1.5 }], [{ filter: 'tcp', stream: NaN_ }], [{ filter: 'tcp', stream: '1' }],
    [{ filter: 'a\0b', stream: null }], [{ filter: '', stream: null }, 1], [[]],
  ],
  checkFilter: [[], [1], [null], [LONG], ['tcp', 'extra'], [['tcp']]],
  rows: [
    [], [1, 0], [1, 0, 256, 1], ['1', 0, 10], [1, -1, 10], [1, 0, NaN_], [1, 0, Infinity], [1, 0.5, 10],
    [1, 10, 5], [1, 0, 1_000_000], [1, 0, 2 ** 32 + 1], [-1, 0, 10], [null, 0, 10],
  ],
  indexOfFrame: [[], [1], [1, 0], [1, -5], [1, 2 ** 33], [1, NaN_], [1, '3'], [1, 3, 4]],
  connections: [
    [], [null], [{}],
    [{ sort: 'nope', descending: false, from: 0, to: 10, viewId: null }],
    [{ sort: 'stream', descending: 'no', from: 0, to: 10, viewId: null }],
    [{ sort: 'stream', descending: false, from: 10, to: 0, viewId: null }],
    [{ sort: 'stream', descending: false, from: 0, to: 10_000_000, viewId: null }],
    [{ sort: 'stream', descending: false, from: -1, to: 10, viewId: null }],
    [{ sort: 'stream', descending: false, from: 0, to: 10, viewId: -2 }],
    [{ sort: 'stream', descending: false, from: 0, to: 10 }],
    [{ sort: 'stream', descending: false, from: 0, to: 10, viewId: null, __proto__x: 1 }],
    [{ sort: 'stream', descending: false, from: 0, to: 10, viewId: null }, 'extra'],
  ],
  connection: [[], [-1], [1.25], [NaN_], [2 ** 31], ['0'], [0, 1]],
  packetDetail: [[], [0], [-1], [1.5], [NaN_], [2 ** 32], [null], [1, 2]],
  ladder: [
    [], [0], [0, null], [0, [1.5]], [0, [-1]], [0, ['1']], [-1, []], [0, new Array(5000).fill(1)], [0, [], []], [0, {}],
  ],
  captureAvailability: [['eth0']],
  interfaces: [[1]],
  checkCaptureFilter: [[], ['eth0'], ['', 'tcp'], ['eth0', 5], [LONG, 'tcp'], ['eth0', LONG], ['eth0\0', 'tcp'], ['eth0', 'tcp', 'x']],
  startCapture: [
    [], [null], ['eth0'],
    [{ interface: 'eth0', filter: 'tcp', packetLimit: 0, durationLimitSeconds: null }],
    [{ interface: 'eth0', filter: 'tcp', packetLimit: -5, durationLimitSeconds: null }],
    [{ interface: 'eth0', filter: 'tcp', packetLimit: null, durationLimitSeconds: NaN_ }],
    [{ interface: 'eth0', filter: 'tcp', packetLimit: null, durationLimitSeconds: Infinity }],
    [{ interface: 'eth0', filter: 'tcp', packetLimit: null, durationLimitSeconds: 0 }],
    [{ interface: 'eth0', filter: 'tcp', packetLimit: null, durationLimitSeconds: 1e12 }],
    [{ interface: '', filter: 'tcp', packetLimit: null, durationLimitSeconds: null }],
    [{ interface: 'eth0', filter: LONG, packetLimit: null, durationLimitSeconds: null }],
    [{ interface: 'eth0', filter: 'tcp', packetLimit: null }],
    [{ interface: 'eth0', filter: 'tcp', packetLimit: null, durationLimitSeconds: null, promiscuous: true }],
    [{ interface: 'eth0', filter: 'tcp', packetLimit: null, durationLimitSeconds: null }, 1],
  ],
  stopCapture: [[1]],
};

/** What each handler answers, with bytes where the contract has bytes. */
export function recordingHandlers(): { handlers: InvokeHandlers; calls: [InvokeMethod, unknown[]][] } {
  const calls: [InvokeMethod, unknown[]][] = [];
  const rec = <T>(method: InvokeMethod, value: T) => async (...a: unknown[]): Promise<T> => {
    calls.push([method, a]);
    return value;
  };
  const handlers: InvokeHandlers = {
    openDialog: rec('openDialog', ok(SESSION)),
    openRecent: rec('openRecent', ok(SESSION)),
    recentFiles: rec('recentFiles', [{ id: 1, name: 'a.pcap', where: '/data' }]),
    openSample: rec('openSample', ok(SESSION)),
    firstStart: rec('firstStart', true),
    cancelLoading: rec('cancelLoading', undefined),
    closeFile: rec('closeFile', undefined),
    session: rec('session', SESSION),
    setView: rec('setView', ok({ sessionId: 3, viewId: 1, count: 15, connectionCount: 1 })),
    checkFilter: rec('checkFilter', { ok: true } as const),
    rows: rec('rows', []),
    indexOfFrame: rec('indexOfFrame', 14),
    connections: rec('connections', { total: 0, rows: [] }),
    connection: rec('connection', null),
    packetDetail: rec('packetDetail', { frame: 1, tree: [], bytes: new Uint8Array([0x45, 0x00, 0xff]), explanation: null }),
    ladder: rec('ladder', null),
    captureAvailability: rec('captureAvailability', { available: false, reason: 'no cap', notes: [] }),
    interfaces: rec('interfaces', ok([])),
    checkCaptureFilter: rec('checkCaptureFilter', null),
    startCapture: rec('startCapture', ok(SESSION)),
    stopCapture: rec('stopCapture', undefined),
  };
  return { handlers, calls };
}
