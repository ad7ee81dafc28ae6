// The only host APIs core/ may use: present alike in Node, Chromium and Electron.
// Declared here (not taken from the DOM or Node typings) so that nothing else leaks in.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
