/**
 * Relative sequence and acknowledgement numbers of a stored packet, exactly as the tracker showed
 * them when it saw the packet: (raw − base) mod 2^32 with the base in force at that frame; the raw
 * ack when ACK is not set; raw numbers where the segment's length was unknown.
 */
import { TcpFlag } from '../decode/dissection';
import { seqBaseAt, type StreamInfo } from '../tcp/stream-info';
import { MiscBit, type PacketStore } from './packet-store';

export function relativeSeq(store: PacketStore, i: number, info: StreamInfo): number {
  const misc = store.get('misc', i);
  const raw = store.get('seqRaw', i);
  if (misc & MiscBit.RAW_NUMBERS) return raw;
  return (raw - seqBaseAt(info, (misc & MiscBit.FROM_CLIENT) !== 0, i + 1)) >>> 0;
}

export function relativeAck(store: PacketStore, i: number, info: StreamInfo): number {
  const misc = store.get('misc', i);
  const raw = store.get('ackRaw', i);
  if (misc & MiscBit.RAW_NUMBERS || !(store.get('tcpFlags', i) & TcpFlag.ACK)) return raw;
  return (raw - seqBaseAt(info, (misc & MiscBit.FROM_CLIENT) === 0, i + 1)) >>> 0;
}
