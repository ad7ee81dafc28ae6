/**
 * A streaming libpcap writer: the file header once, then one record per packet. Pure: it returns
 * bytes (or writes them into a buffer the caller owns) and never touches a file.
 */
import { PCAP_FILE_HEADER_LEN, PCAP_MAGIC_NSEC, PCAP_MAGIC_USEC, PCAP_MAX_STANDARD_CAPLEN, PCAP_RECORD_HEADER_LEN } from './pcap';

export interface PcapWriterOptions {
  /** LINKTYPE_* of every packet (pcap has one link type per file). */
  linkType: number;
  /** Written in the header; the default is the largest snaplen tshark reads without question. */
  snapLen?: number;
  /** Nanosecond timestamps (magic 0xa1b23c4d) instead of microseconds. */
  nanosecond?: boolean;
  /** Byte order of the file; little-endian unless told (big-endian is for test vectors). */
  littleEndian?: boolean;
}

export interface PacketToWrite {
  tsSec: number;
  tsNsec: number;
  /** The captured bytes. */
  data: Uint8Array;
  /** Length on the wire; the captured length when absent. */
  origLen?: number;
}

const MAX_U32 = 0xffffffff;

export class PcapWriter {
  private readonly le: boolean;
  private readonly nsec: boolean;
  /** The last target and a view over it: batching into one buffer costs no DataView per packet. */
  private target: Uint8Array | null = null;
  private view: DataView = new DataView(new ArrayBuffer(0));

  constructor(private readonly options: PcapWriterOptions) {
    this.le = options.littleEndian ?? true;
    this.nsec = options.nanosecond ?? false;
  }

  fileHeader(): Uint8Array {
    const out = new Uint8Array(PCAP_FILE_HEADER_LEN);
    const v = new DataView(out.buffer);
    v.setUint32(0, this.nsec ? PCAP_MAGIC_NSEC : PCAP_MAGIC_USEC, this.le);
    v.setUint16(4, 2, this.le);
    v.setUint16(6, 4, this.le);
    // thiszone and sigfigs stay 0: every reader ignores them.
    v.setUint32(16, this.options.snapLen ?? PCAP_MAX_STANDARD_CAPLEN, this.le);
    v.setUint32(20, this.options.linkType, this.le);
    return out;
  }

  /** Bytes `packet` will take: header and data. */
  recordLength(p: PacketToWrite): number {
    return PCAP_RECORD_HEADER_LEN + p.data.length;
  }

  packet(p: PacketToWrite): Uint8Array {
    const out = new Uint8Array(this.recordLength(p));
    this.packetInto(p, out, 0);
    return out;
  }

  /**
   * Writes the record into `target` at `offset` (no allocation: for generators and spill files
   * that batch many records into one buffer); returns the bytes written. Throws RangeError for a
   * time before 1970 or after 2106, which pcap cannot hold.
   */
  packetInto(p: PacketToWrite, target: Uint8Array, offset: number): number {
    if (!Number.isInteger(p.tsSec) || p.tsSec < 0 || p.tsSec > MAX_U32 || !Number.isInteger(p.tsNsec) || p.tsNsec < 0 || p.tsNsec >= 1e9) {
      throw new RangeError(`pcap cannot hold the timestamp ${p.tsSec}.${p.tsNsec}`);
    }
    if (target !== this.target) {
      this.target = target;
      this.view = new DataView(target.buffer, target.byteOffset, target.byteLength);
    }
    const v = this.view;
    v.setUint32(offset, p.tsSec, this.le);
    v.setUint32(offset + 4, this.nsec ? p.tsNsec : Math.floor(p.tsNsec / 1000), this.le);
    v.setUint32(offset + 8, p.data.length, this.le);
    v.setUint32(offset + 12, p.origLen ?? p.data.length, this.le);
    target.set(p.data, offset + PCAP_RECORD_HEADER_LEN);
    return PCAP_RECORD_HEADER_LEN + p.data.length;
  }
}
