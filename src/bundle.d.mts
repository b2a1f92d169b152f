/** Types of src/bundle.mjs (plain JavaScript, so that src/bin.mjs can load it before tsx). */
export declare function cachedBundle(entry: string): URL | undefined;
export declare function bundle(entry: string): Promise<URL | undefined>;
export declare function packageRoot(): string;
