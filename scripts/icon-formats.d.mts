// Types of icon-formats.mjs, for the packaging test that reads the icons back.
export declare const ICO_SIZES: readonly number[];
export declare const ICNS_TYPES: readonly (readonly [string, number])[];
export declare function encodeIco(images: readonly { size: number; png: Uint8Array; rgba: Uint8Array }[]): Uint8Array;
export declare function encodeIcns(pngBySize: ReadonlyMap<number, Uint8Array>): Uint8Array;
