/**
 * What a capture-file reader hands to the rest of the engine, one packet at a time.
 *
 * Readers are push parsers: the host feeds them chunks of the file (core/ cannot open files),
 * and they call back with a *reused* record whose bytes are a window into the current chunk.
 * Nothing is copied per packet; a record is valid only during the callback.
 */
export type CaptureFormat = 'pcap' | 'pcap-nsec' | 'pcap-modified' | 'pcapng' | 'snoop';

export interface PacketRecord {
  /** The chunk that holds the packet: its bytes are `bytes[offset, offset + capLen)`. */
  bytes: Uint8Array;
  /** A DataView over the same chunk (`view.getUint8(offset)` is the packet's first byte). */
  view: DataView;
  offset: number;
  capLen: number;
  /** Length on the wire (≥ capLen when the snaplen cut the packet). */
  origLen: number;
  /** Absolute offset in the file of the packet's first byte: how its bytes are read back later. */
  fileOffset: number;
  /** Timestamp as whole seconds since the epoch plus nanoseconds (if_tsresol / if_tsoffset applied). */
  tsSec: number;
  tsNsec: number;
  /**
   * False when the block carries no time at all (a pcapng Simple Packet Block); tsSec/tsNsec then
   * repeat the previous packet's time, so that relative times stay sane. Readers always set it;
   * it is optional only so that hand-made records in tests need not spell it out.
   */
  hasTimestamp?: boolean;
  /** Link-layer header type (LINKTYPE_* number) of the interface the packet came from. */
  linkType: number;
  /** Index of the interface, counted across all pcapng sections (0 for pcap). */
  interfaceId: number;
  /** pcapng opt_comment values of this packet's block, or null. */
  comments: string[] | null;
}

export interface InterfaceInfo {
  id: number;
  linkType: number;
  snapLen: number;
  name: string | null;
  description: string | null;
  /** Ticks per second of this interface's timestamps (10^6 unless if_tsresol says otherwise). */
  tsUnitsPerSecond: number;
  tsOffsetSec: number;
}

/** A problem the reader worked around; reading went on. */
export interface ReadWarning {
  offset: number;
  message: string;
}

/** A problem that stops reading; everything before it was delivered. */
export interface ReadError {
  kind: 'truncated' | 'malformed' | 'unsupported';
  offset: number;
  message: string;
}

export interface ReaderSink {
  packet(record: PacketRecord): void;
  interface?(info: InterfaceInfo): void;
  warning?(warning: ReadWarning): void;
  /** A comment on the file itself (pcapng section header opt_comment). */
  fileComment?(comment: string): void;
}

/** What a whole read came to. */
export interface ReadSummary {
  /** null when the first bytes are not a format the reader knows. */
  format: CaptureFormat | null;
  /** Packets delivered to the sink. */
  packets: number;
  /** The first warnings (at most MAX_WARNINGS_KEPT); `warningCount` counts them all. */
  warnings: ReadWarning[];
  warningCount: number;
  /** Bytes of the file the reader was given. */
  bytes: number;
  error: ReadError | null;
}

/** A push parser: feed it the file in chunks of any size, then call `end()` once. */
export interface CaptureReader {
  /**
   * Consumes a chunk. The reader keeps no reference to it after returning (a record that straddles
   * chunks is assembled by copying that record only), so the caller may reuse the buffer.
   */
  push(chunk: Uint8Array): void;
  /** Says the file has ended; reports a record cut by the end as a warning. */
  end(): ReadSummary;
  /** What was read so far, without ending (for a read the host abandons). */
  snapshot(): ReadSummary;
  /** True once an error stopped reading: further chunks are ignored, so the host may stop reading. */
  readonly stopped: boolean;
}
