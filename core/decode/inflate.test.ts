import { describe, expect, it } from 'vitest';
import { inflateRaw, INFLATE_INVALID, INFLATE_TOO_LONG, INFLATE_TRUNCATED, MAX_INFLATED } from './inflate';
import { hex } from '../../test/builders/packets';

// Vectors made with Python's zlib (raw DEFLATE, wbits −15).
const inflate = (bytes: Uint8Array, out = new Uint8Array(MAX_INFLATED)) => {
  const n = inflateRaw(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length, out);
  return { n, text: n >= 0 ? new TextDecoder().decode(out.subarray(0, n)) : '' };
};
const DYNAMIC_TEXT =
  'bacaaabaaaaccaaacaaaacaaaabcaabaaabaaaa|cbddbbaaaab|bdbaacaba|caabbb|daab|aabdbcbadbaa|aabaacc|aadcbacbcbcaaaaaaaa|abbaacbbaadcccca|caaaadaabaaaaabaaacabbb|aa|d||baaabb|aaabaababbababaaacaa|baab|babdbbaaaa|aba|a|baaca|acbacdcaaaaaada|baaaaaacaaabababbcaabdcaaadaaaaa|aab|aaaabaadaadbabd|abadacacdbaac'.replaceAll('|', '\n');
const DYNAMIC = hex('354fdb11c44008fab74b1efdd770c06d32a3714141090160026a257c89fae3e34eb4b99247b33d0c9a27792e9a304594bc8d49f93b90824f7352a88e9aac7c5349fd9c9635d9f4fa6e3bf451861de6eb41b9ac53633ee9c46dbb438dfd6c3df4bb6d12bb6fbcdf5e3b6236415cd90a3a23dac53f');

describe('inflateRaw', () => {
  it('copies a stored block', () => {
    expect(inflate(hex('010500faff68656c6c6f'))).toEqual({ n: 5, text: 'hello' });
  });

  it('decodes fixed Huffman codes with back-references', () => {
    expect(inflate(hex('cb48cdc9c957c8402701'))).toEqual({ n: 23, text: 'hello hello hello hello' });
  });

  it('decodes a block with dynamic Huffman codes', () => {
    expect(inflate(DYNAMIC)).toEqual({ n: DYNAMIC_TEXT.length, text: DYNAMIC_TEXT });
  });

  it('says truncated when the input ends inside a block', () => {
    expect(inflate(DYNAMIC.subarray(0, 60)).n).toBe(INFLATE_TRUNCATED);
    expect(inflate(hex('010500faff6865')).n).toBe(INFLATE_TRUNCATED);
  });

  it('says invalid for a reserved block type, a bad stored length and a distance before the start', () => {
    expect(inflate(hex('07')).n).toBe(INFLATE_INVALID);
    expect(inflate(hex('01050000ff68656c6c6f')).n).toBe(INFLATE_INVALID);
    // Fixed block: a length code 257 (copy 3) at distance 1 with nothing written yet.
    expect(inflate(hex('0302000000')).n).toBe(INFLATE_INVALID);
  });

  it('stops at the output bound instead of growing (a "zip bomb" cannot allocate)', () => {
    expect(inflate(hex('cb48cdc9c957c8402701'), new Uint8Array(10)).n).toBe(INFLATE_TOO_LONG);
  });
});
