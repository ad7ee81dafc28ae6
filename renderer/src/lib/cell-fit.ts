/**
 * Whether a cell's text fits its column, decided without laying it out. A cell that clips its
 * overflow (overflow: hidden, text-overflow: ellipsis) costs Chromium a clip, a paint layer and
 * the ellipsis fitting on every draw, and the Info text of a packet nearly always overflows: in a
 * fling, where every drawn row is new each frame, that was a third of the frame. Info, in a
 * monospace font, is cut here instead, at the character the ellipsis would have replaced; any
 * other cell keeps its whole text and clips only when it overflows (an IPv6 address, an absolute
 * time, a frame number past a million).
 */

/** The text of a cell `capacity` characters wide, cut as text-overflow: ellipsis cuts it. */
export function ellipsize(text: string, capacity: number): string {
  if (text.length <= capacity) return text;
  return capacity >= 1 ? `${text.slice(0, capacity - 1)}…` : '';
}

/** Characters of a monospace font that fit `width` px, each `advance` px wide. */
export const capacityOf = (width: number, advance: number): number => Math.floor(width / advance + 1e-3);

/** Measures text in a font, remembering the widths of strings seen (addresses repeat). */
export class TextMeasure {
  private readonly widths = new Map<string, number>();
  private readonly ctx: CanvasRenderingContext2D | null;

  constructor(font: string) {
    this.ctx = document.createElement('canvas').getContext('2d');
    if (this.ctx) this.ctx.font = font;
  }

  width(text: string): number {
    let w = this.widths.get(text);
    if (w === undefined) {
      // Unmeasurable (no canvas): taken as overflowing, so the cell clips as it always did.
      w = this.ctx ? this.ctx.measureText(text).width : Infinity;
      if (this.widths.size > 20_000) this.widths.clear();
      this.widths.set(text, w);
    }
    return w;
  }

  /**
   * The advance of the font's characters if the ones a packet's text uses (digits, letters, the
   * arrow of "49486 → 80", the ellipsis) all have one, else null: a fallback font for a glyph
   * would make character counts wrong.
   */
  monoAdvance(): number | null {
    const probe = ['0', 'W', 'i', '→', '…', ' ', '[', '='].map((c) => this.width(c.repeat(10)) / 10);
    return probe.every((a) => Math.abs(a - probe[0]!) < 0.01) && probe[0]! > 0 ? probe[0]! : null;
  }
}
