/**
 * Stable slots for the drawn rows of a virtual list. A row keeps its slot while it stays drawn,
 * and a row that scrolls in takes a slot that a row scrolling out gave up. Used as React keys
 * (with the rows listed in slot order), the DOM of a row that left is reused for one that came:
 * its text and attributes change, instead of a dozen elements being created and another dozen
 * removed, which costs style, layout-tree and layout work for every one of them.
 *
 * The DOM order of the rows is then not their visual order (they are absolutely positioned);
 * each row carries aria-rowindex, which is what assistive technology reads a grid's order from.
 */
export class SlotMap {
  private slotOf = new Map<number, number>();
  private slots = 0;

  /** Assigns slots to rows [start, end); rows outside it give theirs up. */
  assign(start: number, end: number): ReadonlyMap<number, number> {
    const next = new Map<number, number>();
    const free: number[] = [];
    for (const [row, slot] of this.slotOf) {
      if (row >= start && row < end) next.set(row, slot);
      else free.push(slot);
    }
    // Freed slots are handed out lowest first, so a list scrolled back and forth reuses few.
    free.sort((a, b) => b - a);
    for (let row = start; row < end; row++) if (!next.has(row)) next.set(row, free.pop() ?? this.slots++);
    this.slotOf = next;
    return next;
  }

  /** Forgets every row (a different view): slots are handed out from 0 again. */
  clear(): void {
    this.slotOf = new Map();
    this.slots = 0;
  }
}
