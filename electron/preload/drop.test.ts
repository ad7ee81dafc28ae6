import { describe, expect, it } from 'vitest';
import { MAX_DROPPED_FILES } from '../../core/ipc';
import { forwardDroppedFiles } from './drop';

/** A drag event as Chromium dispatches it: cancelable, with a DataTransfer of types and files. */
function drag(type: 'dragover' | 'drop', types: string[], files: File[] = []): Event & { dataTransfer: { dropEffect: string } } {
  const e = new Event(type, { cancelable: true });
  Object.defineProperty(e, 'dataTransfer', { value: { types, files, dropEffect: 'none' } });
  return e as Event & { dataTransfer: { dropEffect: string } };
}

/** Real File objects; the "disk path" webUtils.getPathForFile would give is derived from the name, '' for in-memory files. */
const file = (name: string) => new File([new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1])], name);
const pathForFile = (f: File) => (f.name.startsWith('memory') ? '' : `/captures/${f.name}`);

function setup() {
  const target = new EventTarget();
  const sent: string[][] = [];
  forwardDroppedFiles(target, pathForFile, (paths) => sent.push(paths));
  return { target, sent };
}

describe('dropping files on the window', () => {
  it('allows a file drag over the window and shows it as a copy', () => {
    const { target } = setup();
    const over = drag('dragover', ['Files']);
    target.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true);
    expect(over.dataTransfer.dropEffect).toBe('copy');
  });

  it('sends the dropped files\' paths to main and keeps the page from opening them', () => {
    const { target, sent } = setup();
    const drop = drag('drop', ['Files'], [file('a.pcap'), file('b.pcapng')]);
    target.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    expect(sent).toEqual([['/captures/a.pcap', '/captures/b.pcapng']]);
  });

  it('leaves text drags alone, so text can still be dropped into the filter box', () => {
    const { target, sent } = setup();
    const over = drag('dragover', ['text/plain']);
    const drop = drag('drop', ['text/plain']);
    target.dispatchEvent(over);
    target.dispatchEvent(drop);
    expect(over.defaultPrevented).toBe(false);
    expect(drop.defaultPrevented).toBe(false);
    expect(sent).toEqual([]);
  });

  it('skips files that are not on disk and sends nothing when none is', () => {
    const { target, sent } = setup();
    target.dispatchEvent(drag('drop', ['Files'], [file('memory-1'), file('c.pcap')]));
    target.dispatchEvent(drag('drop', ['Files'], [file('memory-2')]));
    expect(sent).toEqual([['/captures/c.pcap']]);
  });

  it(`sends at most ${MAX_DROPPED_FILES} paths, the number main accepts`, () => {
    const { target, sent } = setup();
    const many = Array.from({ length: MAX_DROPPED_FILES + 10 }, (_, i) => file(`f${i}.pcap`));
    target.dispatchEvent(drag('drop', ['Files'], many));
    expect(sent[0]).toHaveLength(MAX_DROPPED_FILES);
    expect(sent[0]?.[0]).toBe('/captures/f0.pcap');
  });
});
