/** `synfin capture` and `synfin interfaces`: live capture through libpcap. */
import type { Command } from './args';
import type { Output } from './output';
import { fail } from './read';

export function captureCommand(_out: Output, _c: Extract<Command, { kind: 'capture' }>): number {
  fail('live capture is not in this build yet');
  return 2;
}

export function interfacesCommand(_out: Output, _json: boolean): number {
  fail('live capture is not in this build yet');
  return 2;
}
