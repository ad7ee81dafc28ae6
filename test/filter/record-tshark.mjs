// Records tshark 4.0.17's answers for test/filter/differential.test.ts: for each capture in
// CAPTURES and each filter in expressions.txt, the frames `tshark -2 -Y FILTER` keeps; and, per
// capture, the per-frame facts (addresses, ports, flags, …) tshark decodes, from which the test
// builds a store to check the filter engine alone.
//
//   node test/filter/record-tshark.mjs [--all]   (needs tshark 4.0.17 and the corpus)
//
// Without --all, answers already recorded are kept and only new filters and captures are asked for.
//
// TCP analysis as the corpus expectations have it (relative sequence numbers, reassembly off),
// two passes so that tcp.completeness and the iRTT are the connection's final values.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
// Where test/support/corpus.ts looks: $SYNFIN_CORPUS, beside the clone, or beside the worktrees.
const corpusRoot = [process.env.SYNFIN_CORPUS, join(here, '../../../shared/corpus'), join(here, '../../../../shared/corpus')]
  .find((c) => c && existsSync(join(c, 'pcaps')));
const corpus = join(corpusRoot ?? '../shared/corpus', 'pcaps');
const out = join(here, 'expected');

export const CAPTURES = [
  'pcapplusplus/example.pcap', 'pcapplusplus/three_http_streams.pcap', 'pcapplusplus/pcapng-example.pcapng', 'pcapplusplus/raw_ip.pcap',
  'pcapplusplus/sll.pcap', 'pcapplusplus/many_interfaces-1.pcapng', 'pcapplusplus/one_http_stream_rst.pcap', 'chrissanders/http_ip4and6.pcapng',
  'chrissanders/synscan.pcapng', 'chrissanders/tcp_retransmissions.pcapng', 'chrissanders/tcp_dupack.pcapng', 'joincap/ok.pcap',
  'zeek/vlan-collisions.pcap', 'zeek/vlan-qinqinq.pcap', 'zeek/handshake-reorder.pcap', 'zeek/reassembly.pcap', 'zeek/ssh-dups.pcap',
  'tcpdump/print-flags.pcap', 'tcpdump/pptp.pcap', 'libpcap/AH-IPcomp-IPv6.pcap',
];

const ANALYSIS_FLAGS = [
  'retransmission', 'fast_retransmission', 'spurious_retransmission', 'out_of_order', 'lost_segment', 'ack_lost_segment',
  'duplicate_ack', 'keep_alive', 'keep_alive_ack', 'zero_window', 'zero_window_probe', 'window_full', 'window_update', 'reused_ports',
];

/** Per-frame facts, first occurrence of each field (the outermost header). */
const FACTS = [
  'frame.number', 'frame.len', 'frame.cap_len', 'frame.time_relative', 'frame.interface_id', 'frame.protocols', 'eth.src', 'eth.dst',
  'vlan.id', 'ip.src', 'ip.dst', 'ip.ttl', 'ipv6.src', 'ipv6.dst', 'ipv6.hlim', 'tcp.stream', 'tcp.srcport', 'tcp.dstport', 'tcp.flags',
  'tcp.seq', 'tcp.seq_raw', 'tcp.ack', 'tcp.ack_raw', 'tcp.len', 'tcp.window_size_value', 'tcp.completeness', 'tcp.analysis.initial_rtt',
];

const OPTIONS = ['-2', '-n', '-o', 'tcp.analyze_sequence_numbers:TRUE', '-o', 'tcp.desegment_tcp_streams:FALSE'];
const COMMAND = `tshark ${OPTIONS.join(' ')} -r FILE -Y FILTER -T fields -e frame.number`;

async function tshark(file, args) {
  const { stdout } = await run('tshark', [...OPTIONS, '-r', file, ...args], { maxBuffer: 1 << 28 });
  return stdout;
}

/** Frame numbers as runs: "1-5,7,9-12". */
export function toRanges(frames) {
  const out = [];
  for (let i = 0; i < frames.length; ) {
    let j = i;
    while (j + 1 < frames.length && frames[j + 1] === frames[j] + 1) j++;
    out.push(j > i ? `${frames[i]}-${frames[j]}` : `${frames[i]}`);
    i = j + 1;
  }
  return out.join(',');
}

const framesOf = async (file, filter) =>
  toRanges((await tshark(file, ['-Y', filter, '-T', 'fields', '-e', 'frame.number'])).split('\n').filter(Boolean).map(Number));

const TRANSPORTS = { tcp: 'TCP', udp: 'UDP', icmp: 'ICMP', icmpv6: 'ICMPv6', arp: 'ARP' };

/** frame.protocols → Synfin's protocol label (decode/dissection PROTOCOLS): the first transport, else the network or link layer. */
function label(protocols) {
  const layers = protocols.split(':');
  const transport = layers.find((l) => l in TRANSPORTS);
  if (transport) return TRANSPORTS[transport];
  return layers.includes('ipv6') ? 'IPv6' : layers.includes('ip') ? 'IPv4' : layers.includes('eth') ? 'Ethernet' : 'Undecoded';
}

export function readExpressions() {
  return readFileSync(join(here, 'expressions.txt'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
}

/** Answers recorded earlier for a capture: filter → frames. */
function recorded(target) {
  if (!existsSync(`${target}.filters.tsv`)) return new Map();
  const lines = readFileSync(`${target}.filters.tsv`, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  return new Map(lines.map((l) => l.split('\t')));
}

async function record(capture, all) {
  const file = join(corpus, capture);
  const target = join(out, capture);
  const known = all ? new Map() : recorded(target);
  const lines = [`# ${(await run('tshark', ['-v'])).stdout.split('\n')[0]}`, `# ${COMMAND}`];
  for (const filter of readExpressions()) lines.push(`${filter}\t${known.get(filter) ?? (await framesOf(file, filter))}`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(`${target}.filters.tsv`, `${lines.join('\n')}\n`);
  if (!all && existsSync(`${target}.facts.tsv`) && existsSync(`${target}.analysis.tsv`)) return console.log(`recorded ${capture} (new filters only)`);

  const protocolsAt = FACTS.indexOf('frame.protocols');
  const facts = (await tshark(file, ['-T', 'fields', '-E', 'occurrence=f', ...FACTS.flatMap((f) => ['-e', f])]))
    .split('\n').filter(Boolean).map((row) => row.split('\t').map((v, i) => (i === protocolsAt ? label(v) : v)).join('\t')).join('\n');
  const flags = [];
  for (const flag of ANALYSIS_FLAGS) flags.push(`${flag}\t${await framesOf(file, `tcp.analysis.${flag}`)}`);
  writeFileSync(`${target}.facts.tsv`, `${FACTS.map((f) => (f === 'frame.protocols' ? 'label' : f)).join('\t')}\n${facts}\n`);
  writeFileSync(`${target}.analysis.tsv`, `${flags.join('\n')}\n`);
  console.log(`recorded ${capture}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const queue = [...CAPTURES];
  const all = process.argv.includes('--all');
  // tshark is single-threaded: one worker a core.
  const workers = Array.from({ length: 2 }, async () => {
    while (queue.length) await record(queue.shift(), all);
  });
  await Promise.all(workers);
}
