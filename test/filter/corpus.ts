/** Where the recorded tshark answers are, and their frame-range notation. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXPECTED_DIR = join(dirname(fileURLToPath(import.meta.url)), 'expected');

/** "1-5,7" → [1, 2, 3, 4, 5, 7]. */
export function fromRanges(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',').filter(Boolean)) {
    const [a, b] = part.split('-').map(Number);
    for (let f = a!; f <= (b ?? a!); f++) out.push(f);
  }
  return out;
}
