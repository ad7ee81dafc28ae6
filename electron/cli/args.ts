/**
 * Parsing of the `synfin` command line (DESIGN.md, command line). Usage errors are values:
 * the caller prints them on one line and exits 1.
 */
import { err, ok, type Result } from '../../core/result';

export type Command =
  | { kind: 'flows'; file: string; json: boolean; filter: string | null }
  | { kind: 'packets'; file: string; json: boolean; filter: string | null }
  | { kind: 'ladder'; file: string; stream: number; json: boolean }
  | { kind: 'capture'; iface: string; bpf: string; out: string | null; count: number | null; duration: number | null; json: boolean }
  | { kind: 'interfaces'; json: boolean }
  | { kind: 'help'; topic: string | null }
  | { kind: 'version' };

export const USAGE = `usage:
  synfin flows   FILE [--json] [--filter EXPR]   one row per TCP connection
  synfin packets FILE [--json] [--filter EXPR]   one row per frame (NDJSON with --json)
  synfin ladder  FILE --stream N                 the connection as a text sequence diagram
  synfin capture -i IFACE [-f BPF] [-w OUT.pcapng] [-c COUNT] [--duration S] [--json]
  synfin interfaces [--json]
exit codes: 0 success, 1 bad usage, 2 unreadable or malformed input`;

interface Spec {
  /** Options that take a value, by every spelling, mapped to a canonical name. */
  values: Record<string, string>;
  /** Options without a value. */
  switches: Record<string, string>;
  positionals: number;
}

const SPECS: Record<string, Spec> = {
  flows: { values: { '--filter': 'filter', '-Y': 'filter' }, switches: { '--json': 'json' }, positionals: 1 },
  packets: { values: { '--filter': 'filter', '-Y': 'filter' }, switches: { '--json': 'json' }, positionals: 1 },
  ladder: { values: { '--stream': 'stream' }, switches: { '--json': 'json' }, positionals: 1 },
  capture: {
    values: { '-i': 'iface', '--interface': 'iface', '-f': 'bpf', '--bpf': 'bpf', '-w': 'out', '--write': 'out', '-c': 'count', '--count': 'count', '--duration': 'duration' },
    switches: { '--json': 'json' },
    positionals: 0,
  },
  interfaces: { values: {}, switches: { '--json': 'json' }, positionals: 0 },
};

interface Parsed {
  values: Map<string, string>;
  switches: Set<string>;
  positionals: string[];
}

function parseOptions(command: string, argv: string[]): Result<Parsed, string> {
  const spec = SPECS[command]!;
  const parsed: Parsed = { values: new Map(), switches: new Set(), positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (spec.values[name]) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) return err(`option ${name} needs a value`);
      parsed.values.set(spec.values[name]!, value);
    } else if (spec.switches[name] && eq < 0) {
      parsed.switches.add(spec.switches[name]!);
    } else if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      return err(`unknown option ${name} for "synfin ${command}"`);
    } else {
      parsed.positionals.push(arg);
    }
  }
  if (parsed.positionals.length < spec.positionals) return err(`"synfin ${command}" needs a capture FILE`);
  if (parsed.positionals.length > spec.positionals) return err(`unexpected argument "${parsed.positionals[spec.positionals]}"`);
  return ok(parsed);
}

function count(name: string, text: string | undefined, min: number): Result<number | null, string> {
  if (text === undefined) return ok(null);
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    return err(`${name} must be a whole number ≥ ${min}, not "${text}"`);
  }
  return ok(Number(text));
}

export function parseArgs(argv: string[]): Result<Command, string> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    return ok({ kind: 'help', topic: rest[0] ?? null });
  }
  if (command === '--version' || command === '-V' || command === 'version') return ok({ kind: 'version' });
  if (!SPECS[command]) return err(`unknown command "${command}"`);
  if (rest.includes('--help') || rest.includes('-h')) return ok({ kind: 'help', topic: command });
  const r = parseOptions(command, rest);
  if (!r.ok) return r;
  const { values, switches, positionals } = r.value;
  const json = switches.has('json');
  switch (command) {
    case 'flows':
    case 'packets':
      return ok({ kind: command, file: positionals[0]!, json, filter: values.get('filter') ?? null });
    case 'ladder': {
      const stream = count('--stream', values.get('stream'), 0);
      if (!stream.ok) return stream;
      if (stream.value === null) return err('"synfin ladder" needs --stream N (see "synfin flows FILE")');
      return ok({ kind: 'ladder', file: positionals[0]!, stream: stream.value, json });
    }
    case 'capture': {
      const iface = values.get('iface');
      if (!iface) return err('"synfin capture" needs -i IFACE (see "synfin interfaces")');
      const c = count('-c', values.get('count'), 1);
      if (!c.ok) return c;
      const d = values.get('duration');
      if (d !== undefined && !(Number(d) > 0 && Number.isFinite(Number(d)))) return err(`--duration must be a number of seconds > 0, not "${d}"`);
      return ok({ kind: 'capture', iface, bpf: values.get('bpf') ?? '', out: values.get('out') ?? null, count: c.value,
        duration: d === undefined ? null : Number(d), json });
    }
    default:
      return ok({ kind: 'interfaces', json });
  }
}
