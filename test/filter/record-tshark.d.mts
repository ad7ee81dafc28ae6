// Types of record-tshark.mjs, for the differential test that shares its lists.
export declare const CAPTURES: readonly string[];
export declare function readExpressions(): string[];
export declare function toRanges(frames: readonly number[]): string;
