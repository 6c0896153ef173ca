import type { ESLint, Rule } from 'eslint';

/** Test files and test support: free to import lib/testing, left out of the folder graph. */
export function isTestCode(relativePath: string): boolean;
/** The import specifiers of a source text. */
export function importSpecifiers(text: string): string[];
/** The folder graph of lib/ under rootDir: node -> the nodes it imports. */
export function buildFolderGraph(rootDir: string, override?: { file: string; text: string }): Map<string, Set<string>>;
/** The shortest path from `from` to `to` (both included), or null. */
export function findPath(graph: Map<string, Set<string>>, from: string, to: string): string[] | null;
export const noFolderCycles: Rule.RuleModule;
declare const plugin: ESLint.Plugin;
export default plugin;
