/** `synfin capture` and `synfin interfaces`: live capture through libpcap. */
import type { Command } from './args';
import type { CliIo } from './io';
import { fail } from './read';

export function captureCommand(io: CliIo, _c: Extract<Command, { kind: 'capture' }>): number {
  fail(io, 'live capture is not in this build yet');
  return 2;
}

export function interfacesCommand(io: CliIo, _json: boolean): number {
  fail(io, 'live capture is not in this build yet');
  return 2;
}
