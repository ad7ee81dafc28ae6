/**
 * Capture files: push readers for pcap, pcapng and snoop, and streaming pcap/pcapng writers.
 * The host (electron/host/capture-file.ts) opens files and feeds the reader; core/ never does I/O.
 */
export { createCaptureReader } from './reader';
export type { CaptureFormat, CaptureReader, InterfaceInfo, PacketRecord, ReadError, ReaderSink, ReadSummary, ReadWarning } from './record';
export { PcapWriter, type PacketToWrite, type PcapWriterOptions } from './pcap-writer';
export { PcapngWriter, type PcapngInterfaceOptions, type PcapngPacketToWrite, type PcapngSectionOptions } from './pcapng-writer';
export { MICROSECONDS, NANOSECONDS, type TsResolution } from './ticks';
export { PCAP_MAX_STANDARD_CAPLEN } from './pcap';
export { PCAPNG_MAX_BLOCK_LEN } from './pcapng';
export { MAX_WARNINGS_KEPT } from './parser';
