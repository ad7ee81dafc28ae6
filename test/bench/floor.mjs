// The least any TCP follower does per packet, in plain JS with none of Synfin's code: for scale
// beside `synfin flows` in `npm run bench`. It reads the file in 256 KB chunks, walks the pcap
// records, decodes Ethernet/IPv4/TCP, finds the connection in an open-addressing table by its
// 4-tuple (either direction) and keeps a few numbers per direction. No analysis, roles, states,
// options, port reuse, IPv6, VLANs or output: what it leaves out is what Synfin's answer is made of.
//
// usage: node test/bench/floor.mjs FILE.pcap  → prints {"packets":…,"tcp":…,"connections":…}
import { closeSync, openSync, readSync } from 'node:fs';

const path = process.argv[2];
const fd = openSync(path, 'r');
const head = new Uint8Array(24);
if (readSync(fd, head, 0, 24, null) !== 24) throw new Error(`${path}: shorter than a pcap header`);
const magic = new DataView(head.buffer).getUint32(0, true);
if (magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) throw new Error(`${path}: not a little-endian pcap file (the bench writes one)`);
if (new DataView(head.buffer).getUint32(20, true) !== 1) throw new Error(`${path}: not Ethernet`);

const CHUNK = 256 * 1024;
const buf = new Uint8Array(CHUNK + 2 * 65536);
/** The table: slot → connection + 1 (0 empty); grown at half full, as any table must be. */
let slots = new Int32Array(1 << 16);
/** By connection: its key, and per direction (connection × 2 + direction) a few numbers. */
let keyA = new Int32Array(1 << 15);
let keyB = new Int32Array(1 << 15);
let keyP = new Int32Array(1 << 15);
let packetsBy = new Int32Array(1 << 16);
let bytesBy = new Float64Array(1 << 16);
let nextSeqBy = new Float64Array(1 << 16);
let lastAckBy = new Float64Array(1 << 16);
let flagsBy = new Int32Array(1 << 16);
const hashOf = (a, b, ports) => Math.imul(a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(ports, 0x85ebca6b), 0xc2b2ae35) >>> 8;
const grown = (t) => {
  const u = new t.constructor(t.length * 2);
  u.set(t);
  return u;
};
function grow() {
  slots = new Int32Array(slots.length * 2);
  const mask = slots.length - 1;
  for (let c = 0; c < connections; c++) {
    let h = hashOf(keyA[c], keyB[c], keyP[c]) & mask;
    while (slots[h] !== 0) h = (h + 1) & mask;
    slots[h] = c + 1;
  }
  [keyA, keyB, keyP] = [grown(keyA), grown(keyB), grown(keyP)];
  [packetsBy, bytesBy, nextSeqBy, lastAckBy, flagsBy] = [grown(packetsBy), grown(bytesBy), grown(nextSeqBy), grown(lastAckBy), grown(flagsBy)];
}
let have = 0;
let pos = 0;
let packets = 0;
let tcp = 0;
let connections = 0;
for (;;) {
  if (pos > 0) {
    buf.copyWithin(0, pos, have);
    have -= pos;
    pos = 0;
  }
  const n = readSync(fd, buf, have, CHUNK, null);
  if (n === 0) break;
  have += n;
  while (pos + 16 <= have) {
    const capLen = buf[pos + 8] | (buf[pos + 9] << 8) | (buf[pos + 10] << 16) | (buf[pos + 11] << 24);
    if (pos + 16 + capLen > have) break;
    const p = pos + 16;
    pos = p + capLen;
    packets++;
    if (capLen < 54 || buf[p + 12] !== 8 || buf[p + 13] !== 0 || buf[p + 23] !== 6) continue;
    const ihl = (buf[p + 14] & 15) * 4;
    const ipLen = (buf[p + 16] << 8) | buf[p + 17];
    const src = (buf[p + 26] << 24) | (buf[p + 27] << 16) | (buf[p + 28] << 8) | buf[p + 29];
    const dst = (buf[p + 30] << 24) | (buf[p + 31] << 16) | (buf[p + 32] << 8) | buf[p + 33];
    const t = p + 14 + ihl;
    const sport = (buf[t] << 8) | buf[t + 1];
    const dport = (buf[t + 2] << 8) | buf[t + 3];
    const seq = ((buf[t + 4] << 24) | (buf[t + 5] << 16) | (buf[t + 6] << 8) | buf[t + 7]) >>> 0;
    const ack = ((buf[t + 8] << 24) | (buf[t + 9] << 16) | (buf[t + 10] << 8) | buf[t + 11]) >>> 0;
    const len = ipLen - ihl - (buf[t + 12] >> 4) * 4;
    const flags = buf[t + 13];
    tcp++;
    // Both directions find one entry: the key in a fixed order.
    const forward = src < dst || (src === dst && sport <= dport);
    const a = forward ? src : dst;
    const b = forward ? dst : src;
    const ports = forward ? (sport << 16) | dport : (dport << 16) | sport;
    const mask = slots.length - 1;
    let h = hashOf(a, b, ports) & mask;
    let c = -1;
    for (let s = slots[h]; s !== 0; h = (h + 1) & mask, s = slots[h]) {
      if (keyA[s - 1] === a && keyB[s - 1] === b && keyP[s - 1] === ports) {
        c = s - 1;
        break;
      }
    }
    if (c < 0) {
      c = connections++;
      keyA[c] = a;
      keyB[c] = b;
      keyP[c] = ports;
      slots[h] = c + 1;
      if (connections * 2 > slots.length) grow();
    }
    const d = c * 2 + (forward ? 0 : 1);
    packetsBy[d]++;
    bytesBy[d] += len;
    flagsBy[d] |= flags;
    const end = seq + len + (flags & 3 ? 1 : 0);
    if (end > nextSeqBy[d]) nextSeqBy[d] = end;
    if (flags & 16) lastAckBy[d] = ack;
  }
}
closeSync(fd);
console.log(JSON.stringify({ packets, tcp, connections }));
