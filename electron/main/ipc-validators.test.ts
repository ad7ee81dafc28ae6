import { describe, expect, it } from 'vitest';
import type { InvokeMethod } from '../../core/ipc';
import { INVALID_CALLS, VALID_CALLS, recordingHandlers } from '../../test/electron/contract-fixtures';
import { createDispatcher } from './ipc-dispatch';
import { INVOKE_METHODS, MAX_ROWS_PER_REQUEST, VALIDATORS } from './ipc-validators';

const methods = Object.keys(VALID_CALLS) as InvokeMethod[];

describe('IPC argument validators', () => {
  it('has exactly one validator per request method of the contract', () => {
    expect([...INVOKE_METHODS].sort()).toEqual([...methods].sort());
  });

  it.each(methods)('%s accepts a valid call unchanged', (method) => {
    const r = VALIDATORS[method](VALID_CALLS[method] as unknown[]);
    expect(r).toEqual({ ok: true, value: VALID_CALLS[method] });
  });

  it.each(methods)('%s refuses every invalid call with a message', (method) => {
    expect(INVALID_CALLS[method].length).toBeGreaterThan(0);
    for (const call of INVALID_CALLS[method]) {
      const r = VALIDATORS[method](call);
      expect(r.ok, `${method}(${call.map((a) => String(a).slice(0, 30)).join(', ')}) was accepted`).toBe(false);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
    }
  });

  it('says what was wrong and where', () => {
    const first = (m: InvokeMethod, a: unknown[]) => {
      const r = VALIDATORS[m](a);
      return r.ok ? '' : r.error;
    };
    expect(first('rows', [1, 0, Number.NaN])).toBe('argument 3 must be an integer from 0 to 4294967295, not NaN');
    expect(first('rows', [1, 0, 256, 9])).toBe('expected 3 arguments, got 4');
    expect(first('rows', [1, 0, 5000])).toBe(`the range asks for 5000 rows, at most ${MAX_ROWS_PER_REQUEST}`);
    expect(first('setView', [{ filter: 'tcp', stream: null, evil: 1 }])).toBe('argument 1 has unknown field "evil"');
    expect(first('startCapture', [{ interface: 'eth0', filter: 'tcp', packetLimit: null }])).toBe('argument 1.durationLimitSeconds is missing');
    expect(first('checkFilter', ['y'.repeat(9000)])).toBe('argument 1 is too long: 9000 characters, at most 8192');
  });

  it('accepts the edges of each range and the empty range', () => {
    expect(VALIDATORS.rows([0, 0, 0]).ok).toBe(true);
    expect(VALIDATORS.rows([0, 100, 100 + MAX_ROWS_PER_REQUEST]).ok).toBe(true);
    expect(VALIDATORS.rows([0, 100, 101 + MAX_ROWS_PER_REQUEST]).ok).toBe(false);
    expect(VALIDATORS.connections([{ sort: 'analysis', descending: true, from: 0, to: 0, viewId: 4 }]).ok).toBe(true);
    expect(VALIDATORS.packetDetail([0xffff_ffff]).ok).toBe(true);
    expect(VALIDATORS.setView([{ filter: '', stream: 0 }]).ok).toBe(true);
  });
});

describe('the dispatcher behind the channels', () => {
  it.each(methods)('%s: invalid calls get an error value and never reach the handler', async (method) => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createDispatcher(handlers, () => {});
    for (const call of INVALID_CALLS[method]) {
      const reply = await dispatch(method, call);
      expect(reply.ok).toBe(false);
      if (!reply.ok) {
        expect(reply.error.method).toBe(method);
        expect(reply.error.message).toMatch(/^bad arguments: /);
      }
    }
    expect(calls).toEqual([]);
  });

  it.each(methods)('%s: a valid call reaches its handler with the same arguments', async (method) => {
    const { handlers, calls } = recordingHandlers();
    const reply = await createDispatcher(handlers, () => {})(method, VALID_CALLS[method] as unknown[]);
    expect(reply.ok).toBe(true);
    expect(calls).toEqual([[method, VALID_CALLS[method]]]);
  });

  it('refuses names that are not request methods, own-property tricks included', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createDispatcher(handlers, () => {});
    for (const name of ['openFile', 'saveAs', 'dispose', 'onSession', 'toString', '__proto__', 'constructor', '']) {
      expect(await dispatch(name, [])).toEqual({ ok: false, error: { method: name, message: 'no such method' } });
    }
    expect(calls).toEqual([]);
  });

  it('turns a failure inside a handler into an error value with its message only', async () => {
    const { handlers } = recordingHandlers();
    const lines: string[] = [];
    const failing = { ...handlers, rows: async () => { throw new Error('the worker stopped'); } };
    const reply = await createDispatcher(failing, (l) => lines.push(l))('rows', [1, 0, 10]);
    expect(reply).toEqual({ ok: false, error: { method: 'rows', message: 'the worker stopped' } });
    expect(lines.join('\n')).toContain('rows failed');
  });
});
