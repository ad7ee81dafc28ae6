import { describe, expect, it } from 'vitest';
import { SESSION } from '../../test/electron/contract-fixtures';
import { hasUnsavedCapture, unsavedCaptureDialog, unsavedChoice } from './unsaved';

const capture = { ...SESSION, source: 'capture' as const, title: 'eth0', packets: 1234, unsaved: true };

describe('asking before an unsaved capture is discarded', () => {
  it('asks only for an unsaved capture', () => {
    expect(hasUnsavedCapture(capture)).toBe(true);
    expect(hasUnsavedCapture({ ...capture, unsaved: false })).toBe(false);
    expect(hasUnsavedCapture(SESSION)).toBe(false);
    expect(hasUnsavedCapture(null)).toBe(false);
  });

  it('names the capture, the packets and what is about to happen', () => {
    const d = unsavedCaptureDialog(capture, 'quit');
    expect(d.message).toBe('Save the capture on eth0 before quitting?');
    expect(d.detail).toBe("1234 packets captured. They are lost if you don't save them.");
    expect(d.buttons).toEqual(['Save As…', 'Quit Without Saving', 'Cancel']);
    expect(unsavedCaptureDialog({ ...capture, packets: 1 }, 'close-file').detail).toMatch(/^1 packet captured/);
    expect(unsavedCaptureDialog(capture, 'open-other').buttons?.[1]).toBe('Discard Capture');
  });

  it('defaults to saving, cancels on Escape, and reads the buttons back in order', () => {
    const d = unsavedCaptureDialog(capture, 'close-file');
    expect(unsavedChoice(d.defaultId ?? -1)).toBe('save');
    expect(unsavedChoice(d.cancelId ?? -1)).toBe('cancel');
    expect([0, 1, 2].map(unsavedChoice)).toEqual(['save', 'discard', 'cancel']);
    expect(unsavedChoice(7)).toBe('cancel');
  });
});
