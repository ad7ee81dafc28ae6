import { describe, expect, it } from 'vitest';
import { HISTORY_KEY, HISTORY_MAX, loadHistory, remember, step } from './filter-history';

const store = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
};

describe('filter history', () => {
  it('keeps newest first without duplicates and survives a reload', () => {
    const s = store();
    let h = remember(s, [], 'tcp');
    h = remember(s, h, 'tcp.port == 80');
    h = remember(s, h, '  tcp  ');
    expect(h).toEqual(['tcp', 'tcp.port == 80']);
    expect(loadHistory(s)).toEqual(h);
  });

  it('ignores empty filters and caps the length', () => {
    const s = store();
    let h: string[] = [];
    for (let i = 0; i < HISTORY_MAX + 5; i++) h = remember(s, h, `tcp.stream == ${i}`);
    h = remember(s, h, '   ');
    expect(h.length).toBe(HISTORY_MAX);
    expect(h[0]).toBe(`tcp.stream == ${HISTORY_MAX + 4}`);
  });

  it('reads garbage in storage as no history', () => {
    const s = store();
    s.setItem(HISTORY_KEY, '{not json');
    expect(loadHistory(s)).toEqual([]);
    s.setItem(HISTORY_KEY, '[1, "tcp"]');
    expect(loadHistory(s)).toEqual(['tcp']);
  });

  it('Up walks back through history and Down returns to the draft', () => {
    const h = ['b', 'a'];
    const up1 = step(h, -1, 'draft', 1);
    expect(up1).toEqual({ position: 0, text: 'b' });
    const up2 = step(h, up1.position, 'draft', 1);
    expect(up2).toEqual({ position: 1, text: 'a' });
    expect(step(h, up2.position, 'draft', 1).position).toBe(1);
    expect(step(h, 0, 'draft', -1)).toEqual({ position: -1, text: 'draft' });
  });
});
