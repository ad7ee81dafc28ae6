/**
 * The packet list's rows, written straight into the DOM rather than rendered by React. A fling
 * replaces every drawn row each frame: reconciling a dozen elements a row through React cost
 * more than writing their text, and it ran in a task of its own after the scroll event, so the
 * rows of a scroll position reached the screen a frame after it. Here a scroll event draws the
 * rows for its position at once, and only what changed is written: the text of a cell, a class,
 * an attribute.
 *
 * Rows keep their slot (lib/slots.ts) and their element while they stay drawn; a row that
 * scrolls in takes the element of one that scrolled out. Elements stand in slot order, so a new
 * view (whose slots start again from 0) has its first row first in the DOM.
 */
import type { PacketRow } from '../../../core/api';
import { capacityOf, ellipsize, TextMeasure } from '../lib/cell-fit';
import { formatRowTime, roleBadge, roleClass, ROLE_TITLE, type TimeFormat } from '../lib/format';
import { SlotMap } from '../lib/slots';

export interface DrawnRows {
  /** Rows to draw: [start, end). */
  start: number;
  end: number;
  /** Row index at the block's top (lib/virtual.ts, anchorOf). */
  anchor: number;
  /** Where the block sits in the scrolled content. */
  blockTop: number;
  rowHeight: number;
  get(index: number): PacketRow | undefined;
  timeFormat: TimeFormat;
  selectedFrame: number | null;
}

const COLUMNS = ['c-no', 'c-time', 'c-source', 'c-destination', 'c-protocol', 'c-length', 'c-role', 'c-info'] as const;
/** The text cells (all but Role), in order; `MONO` says which are set in the monospace font (lists.css). */
const TEXT_COLUMNS = COLUMNS.filter((c) => c !== 'c-role');
const MONO = TEXT_COLUMNS.map((c) => c === 'c-no' || c === 'c-time' || c === 'c-info');
const INFO = TEXT_COLUMNS.indexOf('c-info');
/** Horizontal padding of a cell (lists.css). */
const CELL_PADDING = 12;

/** How wide each text column's content is, and how to measure text for it (./../lib/cell-fit). */
interface Fit {
  widths: number[];
  mono: TextMeasure;
  sans: TextMeasure;
  /** The advance of every character of the monospace font, or null if it has none. */
  advance: number | null;
}

/** Widths of the text columns' content in a row `w` px wide: lists.css's body row, in numbers. */
function columnWidths(w: number): number[] {
  const fr = Math.max(128, (w - 368) / 5.2);
  return [72, 104, fr, fr, 54, 54, w - 368 - 2 * fr].map((x) => x - CELL_PADDING);
}

/** One row's element, its cells' text nodes, and what was last written to them. */
interface RowEl {
  el: HTMLDivElement;
  text: Text[];
  badge: HTMLSpanElement;
  tag: HTMLSpanElement;
  roleCell: Element;
  infoCell: Element;
  /** Text cells that clip their overflow now (class `clip`). */
  clip: boolean[];
  row: PacketRow | null | undefined;
  format: TimeFormat | null;
  selected: boolean;
  top: number;
  cls: string;
  /** The row whose tooltip `title` holds (set on hover: most rows drawn are never pointed at). */
  titled: PacketRow | null;
}

function makeRow(): RowEl {
  const el = document.createElement('div');
  const text: Text[] = [];
  let badge!: HTMLSpanElement;
  let tag!: HTMLSpanElement;
  for (const c of COLUMNS) {
    const cell = document.createElement('div');
    cell.className = c;
    cell.setAttribute('role', 'gridcell');
    if (c === 'c-role') {
      badge = document.createElement('span');
      badge.append('');
    } else {
      if (c === 'c-info') {
        tag = document.createElement('span');
        tag.className = 'analysis-tag';
        tag.append('');
      }
      const t = document.createTextNode('');
      cell.append(t);
      text.push(t);
    }
    el.append(cell);
  }
  return { el, text, badge, tag, roleCell: el.children[6]!, infoCell: el.children[7]!, clip: TEXT_COLUMNS.map(() => false), row: undefined, format: null, selected: false, top: NaN, cls: '', titled: null };
}

const setText = (t: Text, s: string) => {
  if (t.data !== s) t.data = s;
};

/** A badge or tag is in its cell only while it has something to say (an empty badge still draws its border). */
function setSpan(span: HTMLSpanElement, cell: Element, s: string) {
  setText(span.firstChild as Text, s);
  if (span.parentNode === cell) {
    if (s === '') span.remove();
  } else if (s !== '') cell.prepend(span);
}

export const rowTitle = (row: PacketRow): string =>
  [...row.roles.map((r) => ROLE_TITLE[r]), ...row.analysis.map((a) => `Analysis: ${a.replace(/_/g, ' ')}`), row.problem ?? ''].filter(Boolean).join('\n');

export class PacketRows {
  private readonly slots = new SlotMap();
  /** By slot; undefined for a slot not drawn now. */
  private readonly rows: (RowEl | undefined)[] = [];
  private readonly byEl = new WeakMap<Element, RowEl>();
  /** Elements of slots no longer drawn, kept for when the drawn range grows again. */
  private readonly spare: RowEl[] = [];
  private blockTop = NaN;
  /** The rows' width (the block's), known after the first layout, and what it makes of the columns. */
  private width = NaN;
  private fitted: Fit | null = null;
  private last: DrawnRows | null = null;
  private readonly resize: ResizeObserver;

  constructor(private readonly block: HTMLElement) {
    this.resize = new ResizeObserver(([e]) => {
      const w = e?.contentRect.width ?? NaN;
      if (w === this.width || !(w > 0)) return;
      this.width = w;
      this.fitted = null;
      // Every cell is fitted again. (A first draw, before any layout, fitted none.)
      for (const r of this.rows) if (r) r.row = undefined;
      if (this.last) this.draw(this.last);
    });
    this.resize.observe(block);
  }

  /** A different view: its rows take slots from 0 again, in order. */
  reset(): void {
    this.slots.clear();
  }

  draw(d: DrawnRows): void {
    this.last = d;
    if (d.blockTop !== this.blockTop) {
      this.blockTop = d.blockTop;
      this.block.style.transform = `translateY(${d.blockTop}px)`;
    }
    const slotOf = this.slots.assign(d.start, d.end);
    const used = new Array<boolean>(this.rows.length).fill(false);
    for (let i = d.start; i < d.end; i++) {
      const slot = slotOf.get(i)!;
      used[slot] = true;
      this.write(this.rowIn(slot), i, d);
    }
    for (let s = 0; s < this.rows.length; s++) {
      const r = this.rows[s];
      if (!r || used[s]) continue;
      r.el.remove();
      this.rows[s] = undefined;
      this.spare.push(r);
    }
  }

  /** The row drawn in `target`'s row element, if any. */
  rowAt(target: EventTarget | null): PacketRow | undefined {
    const el = target instanceof Element ? target.closest('.prow') : null;
    return (el && this.byEl.get(el)?.row) || undefined;
  }

  /** Gives the pointed-at row its tooltip. */
  hover(target: EventTarget | null): void {
    const el = target instanceof Element ? target.closest('.prow') : null;
    const r = el ? this.byEl.get(el) : undefined;
    if (!r?.row || r.titled === r.row) return;
    r.titled = r.row;
    const title = rowTitle(r.row);
    if (title) r.el.title = title;
    else r.el.removeAttribute('title');
  }

  dispose(): void {
    this.resize.disconnect();
    for (const r of this.rows) r?.el.remove();
    this.rows.length = 0;
    this.spare.length = 0;
    this.slots.clear();
    this.blockTop = NaN;
  }

  /** The element of `slot`, placed before the next drawn slot's so the DOM keeps slot order. */
  private rowIn(slot: number): RowEl {
    const have = this.rows[slot];
    if (have) return have;
    const r = this.spare.pop() ?? makeRow();
    this.byEl.set(r.el, r);
    let next: RowEl | undefined;
    for (let s = slot + 1; s < this.rows.length && !next; s++) next = this.rows[s];
    this.block.insertBefore(r.el, next?.el ?? null);
    this.rows[slot] = r;
    return r;
  }

  private write(r: RowEl, index: number, d: DrawnRows): void {
    const { el } = r;
    const top = (index - d.anchor) * d.rowHeight;
    if (top !== r.top) {
      r.top = top;
      el.style.transform = `translateY(${top}px)`;
    }
    const row = d.get(index) ?? null;
    const selected = row !== null && row.frame === d.selectedFrame;
    if (row === r.row && d.timeFormat === r.format && selected === r.selected) return;
    if (row === null) {
      this.blank(r);
      return;
    }
    const kind = roleClass(row.roles, row.analysis, row.problem);
    const cls = `prow role-${kind}${selected ? ' selected' : ''}`;
    if (cls !== r.cls) el.className = r.cls = cls;
    if (r.row === null || r.row === undefined) {
      el.setAttribute('role', 'row');
      el.removeAttribute('aria-hidden');
    }
    if (row !== r.row) {
      el.setAttribute('aria-rowindex', String(row.index + 2));
      el.setAttribute('data-frame', String(row.frame));
      this.cell(r, 0, String(row.frame));
      this.cell(r, 2, row.src);
      this.cell(r, 3, row.dst);
      this.cell(r, 4, row.protocol);
      this.cell(r, 5, String(row.length));
      const tag = row.analysis.length > 0 ? `[${row.analysis.map((a) => a.replace(/_/g, ' ')).join(', ')}] ` : '';
      this.cell(r, INFO, row.info, tag);
      const badge = roleBadge(row.roles);
      const badgeCls = `badge badge-${kind}`;
      if (badge && r.badge.className !== badgeCls) r.badge.className = badgeCls;
      setSpan(r.badge, r.roleCell, badge);
      if (r.titled) {
        r.titled = null;
        el.removeAttribute('title');
      }
    }
    if (row !== r.row || d.timeFormat !== r.format) this.cell(r, 1, formatRowTime(row, d.timeFormat));
    // (A placeholder had none; rows otherwise keep theirs while the selection does not move.)
    if (selected !== r.selected || !r.row) el.setAttribute('aria-selected', String(selected));
    r.row = row;
    r.format = d.timeFormat;
    r.selected = selected;
  }

  /**
   * Writes text column `col` of a row. Info (with the analysis tag before its text) is cut to fit
   * with an ellipsis when its font is monospace, its whole text then being the cell's accessible
   * name; any other cell keeps its whole text and clips it only if it overflows.
   */
  private cell(r: RowEl, col: number, text: string, tag = ''): void {
    const f = this.fit();
    const width = f?.widths[col] ?? Infinity;
    let clip = false;
    if (col === INFO && f?.advance) {
      const cap = capacityOf(width, f.advance);
      const whole = tag + text;
      const shownTag = ellipsize(tag, cap);
      text = ellipsize(text, Math.max(0, cap - tag.length));
      tag = shownTag;
      const cell = r.infoCell;
      if (whole.length > cap) cell.setAttribute('aria-label', whole);
      else if (cell.hasAttribute('aria-label')) cell.removeAttribute('aria-label');
    } else if (f) {
      const w = MONO[col] && f.advance ? (tag.length + text.length) * f.advance : (MONO[col] ? f.mono : f.sans).width(tag + text);
      clip = w > width;
    }
    if (col === INFO) setSpan(r.tag, r.infoCell, tag);
    setText(r.text[col]!, text);
    if (clip !== r.clip[col]) {
      r.clip[col] = clip;
      r.text[col]!.parentElement!.classList.toggle('clip', clip);
    }
  }

  /** Column widths and fonts, once the rows have a width (the first row drawn gives the fonts). */
  private fit(): Fit | null {
    if (this.fitted || !(this.width > 0)) return this.fitted;
    const row = this.block.firstElementChild;
    if (!row) return null;
    // (Not the `font` shorthand: with font-variant-numeric set it serialises as nothing.)
    const font = (col: string) => {
      const cs = getComputedStyle(row.querySelector(`.${col}`)!);
      return `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    };
    const mono = new TextMeasure(font('c-info'));
    this.fitted = { widths: columnWidths(this.width), mono, sans: new TextMeasure(font('c-source')), advance: mono.monoAdvance() };
    return this.fitted;
  }

  /** A row not fetched yet: a placeholder, hidden from assistive technology. */
  private blank(r: RowEl): void {
    const { el } = r;
    if (r.row !== null) {
      el.className = r.cls = 'prow placeholder';
      el.setAttribute('aria-hidden', 'true');
      for (const a of ['role', 'aria-rowindex', 'aria-selected', 'data-frame', 'title']) el.removeAttribute(a);
      for (const t of r.text) setText(t, '');
      setSpan(r.badge, r.roleCell, '');
      setSpan(r.tag, r.infoCell, '');
    }
    r.row = null;
    r.selected = false;
    r.titled = null;
  }
}
