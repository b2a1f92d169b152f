/** Types of src/dist.mjs (plain JavaScript, so that src/bin.mjs can load it before any TypeScript). */
export declare function stampFile(root: string): string;
export declare function newestSource(root: string): number;
export declare function distState(root: string): 'current' | 'missing' | 'stale';
