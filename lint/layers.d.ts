import type { ESLint } from 'eslint';

export declare const LAYERS: ReadonlyArray<{ name: string; paths: string[] }>;
export declare function layerOf(relativePath: string): { rank: number; path: string; name: string } | undefined;
export declare const layersPlugin: ESLint.Plugin;
