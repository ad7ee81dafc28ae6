/**
 * Packet times for live capture. `cap` hands over a packet's bytes but not libpcap's timestamp, so
 * Synfin stamps each packet when it is delivered: with the monotonic high-resolution clock
 * (process.hrtime), anchored once per capture to the wall clock. Within a capture the times never
 * go backwards and keep nanosecond steps; the anchor sets where they sit in calendar time.
 *
 * The anchor: Date.now() counts whole milliseconds, so the moment it ticks over is a known wall
 * time (an exact millisecond). Bracketing that moment between two hrtime readings ties the two
 * clocks together to within the bracket's width; the narrowest of a few ticks is kept, since the
 * thread may be preempted between readings.
 */

/** Ticks watched at most while anchoring (each costs up to a millisecond of spinning). */
const ANCHOR_TICKS = 6;
/** A bracket this narrow cannot be improved on in practice: stop looking. */
const GOOD_ENOUGH_NS = 2_000;
/** Anchoring never spins longer than this, whatever the clocks do. */
const ANCHOR_BUDGET_NS = 20_000_000;
const NS_PER_MS = 1_000_000;
const NS_PER_SEC = 1_000_000_000;

/** Where a delivery clock writes a time: whole seconds since the epoch and nanoseconds. */
export interface Stamp {
  tsSec: number;
  tsNsec: number;
}

/** The readings a clock is anchored with (the defaults are the real clocks; tests pass their own). */
export interface ClockSources {
  monotonicNs(): bigint;
  wallMs(): number;
}

const REAL_CLOCKS: ClockSources = { monotonicNs: () => process.hrtime.bigint(), wallMs: () => Date.now() };

export class DeliveryClock {
  private readonly anchorSec: number;
  private readonly anchorNsec: number;

  /**
   * @param anchorWallNs wall time (ns since the epoch) at monotonic reading `anchorMonoNs`
   * @param uncertaintyNs how far off the anchor may be (half the width of its bracket)
   */
  constructor(
    readonly anchorWallNs: bigint,
    readonly anchorMonoNs: bigint,
    readonly uncertaintyNs: number,
    private readonly sources: ClockSources = REAL_CLOCKS,
  ) {
    this.anchorSec = Number(anchorWallNs / BigInt(NS_PER_SEC));
    this.anchorNsec = Number(anchorWallNs % BigInt(NS_PER_SEC));
  }

  /** Anchors a clock now (spins for a few milliseconds at most). */
  static anchored(sources: ClockSources = REAL_CLOCKS): DeliveryClock {
    let best: { wallNs: bigint; monoNs: bigint; width: bigint } | null = null;
    let ticks = 0;
    const start = sources.monotonicNs();
    let lastOld = start;
    let wall = sources.wallMs();
    while (ticks < ANCHOR_TICKS && sources.monotonicNs() - start < BigInt(ANCHOR_BUDGET_NS)) {
      const before = sources.monotonicNs();
      const now = sources.wallMs();
      const after = sources.monotonicNs();
      if (now === wall) {
        // Date.now() still showed the old millisecond after `before`: the tick is later than that.
        lastOld = before;
        continue;
      }
      // Wall time `now` ms was reached after `lastOld` and before `after`. (A wall clock stepped
      // backwards says nothing: skip it.)
      if (now > wall) {
        const width = after - lastOld;
        if (!best || width < best.width) best = { wallNs: BigInt(now) * BigInt(NS_PER_MS), monoNs: lastOld + width / 2n, width };
        if (best.width <= BigInt(GOOD_ENOUGH_NS)) break;
      }
      ticks++;
      wall = now;
      lastOld = before;
    }
    if (!best) {
      // No tick seen in the budget (a frozen or stepped wall clock): anchor to the millisecond.
      const mono = sources.monotonicNs();
      return new DeliveryClock(BigInt(sources.wallMs()) * BigInt(NS_PER_MS), mono, NS_PER_MS, sources);
    }
    return new DeliveryClock(best.wallNs, best.monoNs, Number(best.width / 2n), sources);
  }

  /** Writes the time of now into `out`. */
  stamp(out: Stamp): void {
    this.stampAt(this.sources.monotonicNs(), out);
  }

  /** Writes the wall time of monotonic reading `monoNs` into `out`. */
  stampAt(monoNs: bigint, out: Stamp): void {
    // Exact while the capture is shorter than 2^53 ns (104 days).
    const total = this.anchorNsec + Number(monoNs - this.anchorMonoNs);
    const carry = Math.floor(total / NS_PER_SEC);
    out.tsSec = this.anchorSec + carry;
    out.tsNsec = total - carry * NS_PER_SEC;
  }

  /** One sentence for the file and the UI: how the times were taken and how well they are anchored. */
  describe(): string {
    return `Packet times were taken by Synfin when each packet was delivered to it, not by the kernel: a monotonic clock anchored to the wall clock within ±${Math.max(1, Math.round(this.uncertaintyNs / 1000))} µs at the start of the capture.`;
  }
}
