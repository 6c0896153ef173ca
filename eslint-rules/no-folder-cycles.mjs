/**
 * Folder boundaries of lib/, as one local ESLint rule (`local/no-folder-cycles`).
 *
 * Each top-level folder of lib/ (lib/booking, lib/time, ...) is a node; each file directly in lib/
 * (lib/errors.ts, lib/config.ts, ...) is a node of its own. The rule reads every production source file
 * under lib/ (test files, test support, lib/testing and lib/generated are left out) and builds the graph
 * of which node imports which (static imports, `export ... from` and dynamic `import()` of `@/lib/...`
 * and relative specifiers, type-only imports included: they couple folders just the same). An import in
 * lib/ whose target node can reach the importing node again closes a cycle and is reported with the
 * cycle spelled out: "lib/booking -> lib/checkin -> lib/booking".
 *
 * It also reports:
 * - production code importing `@/lib/testing/...` (test files, test support, e2e/ and scripts/ may);
 * - lib/ importing app/ or components/ (the domain never depends on its delivery).
 *
 * Options (all optional): `{ rootDir, cycles }`: the project root holding lib/ (defaults to ESLint's cwd),
 * and whether folder cycles are reported (default true; false only while a tree is being untangled).
 */
import fs from 'node:fs';
import path from 'node:path';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.jsx'];
const IMPORT_PATTERN = new RegExp(
  [
    /\bimport\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?/.source, // import x from '...', import '...'
    /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from\s+/.source, // export ... from '...'
    /\bimport\s*\(\s*/.source, // import('...')
  ]
    .map((part) => `(?:${part})`)
    .join('|')
    .replace(/^/, '(?:')
    .concat(`)['"]([^'"]+)['"]`),
  'g',
);

/** Test files and test support: free to import lib/testing, left out of the folder graph. */
export function isTestCode(relativePath) {
  const p = toPosix(relativePath);
  return (
    /\.(int\.)?test\.(ts|tsx|mts)$/.test(p) ||
    /\.spec\.(ts|tsx)$/.test(p) ||
    /\.contract\.(ts|tsx)$/.test(p) ||
    /(^|\/)contract\//.test(p) ||
    p.startsWith('lib/testing/') ||
    p.startsWith('e2e/') ||
    p.startsWith('eslint-rules/')
  );
}

function toPosix(p) {
  return p.split(path.sep).join('/');
}

/** The import specifiers of a source text (comments stripped first, so commented-out imports do not count). */
export function importSpecifiers(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [...code.matchAll(IMPORT_PATTERN)].map((match) => match[1]);
}

/** The project-relative path a specifier points at (without extension), or null for packages. */
function resolveSpecifier(rootDir, fromFile, specifier) {
  let absolute;
  if (specifier.startsWith('@/')) absolute = path.join(rootDir, specifier.slice(2));
  else if (specifier.startsWith('./') || specifier.startsWith('../'))
    absolute = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  return toPosix(path.relative(rootDir, absolute));
}

/** The graph node of a project-relative path under lib/ ("lib/booking", "lib/errors"), or null. */
function nodeOf(rootDir, relativePath) {
  const parts = toPosix(relativePath).split('/');
  if (parts[0] !== 'lib' || parts.length < 2) return null;
  const first = parts[1];
  if (parts.length > 2) return `lib/${first}`;
  const full = path.join(rootDir, 'lib', first);
  if (isDirectory(full)) return `lib/${first}`;
  return `lib/${stripExtension(first)}`;
}

function stripExtension(name) {
  const ext = SOURCE_EXTENSIONS.find((e) => name.endsWith(e));
  return ext ? name.slice(0, -ext.length) : name;
}

function isDirectory(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function listSources(dir, out = []) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listSources(full, out);
    else if (SOURCE_EXTENSIONS.some((e) => entry.name.endsWith(e)) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Per file: its mtime and the nodes it imports, so a lint run reads each file once. */
const fileCache = new Map();

function importedNodes(rootDir, file) {
  const stat = fs.statSync(file);
  const cached = fileCache.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs) return cached.targets;
  const targets = edgesOf(rootDir, file, fs.readFileSync(file, 'utf8'));
  fileCache.set(file, { mtimeMs: stat.mtimeMs, targets });
  return targets;
}

function edgesOf(rootDir, file, text) {
  const targets = new Set();
  for (const specifier of importSpecifiers(text)) {
    const resolved = resolveSpecifier(rootDir, file, specifier);
    const node = resolved && nodeOf(rootDir, resolved);
    if (node) targets.add(node);
  }
  return targets;
}

/**
 * The folder graph of lib/ under rootDir: node -> Set of nodes it imports. `override` replaces one
 * file's text (the file being linted, as the editor holds it).
 */
export function buildFolderGraph(rootDir, override) {
  const graph = new Map();
  for (const file of listSources(path.join(rootDir, 'lib'))) {
    const relative = toPosix(path.relative(rootDir, file));
    if (isTestCode(relative) || relative.startsWith('lib/generated/')) continue;
    const from = nodeOf(rootDir, relative);
    if (!from) continue;
    const targets =
      override && path.resolve(override.file) === path.resolve(file)
        ? edgesOf(rootDir, file, override.text)
        : importedNodes(rootDir, file);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const to of targets) if (to !== from) graph.get(from).add(to);
  }
  return graph;
}

/** The shortest path from `from` to `to` in the graph (both included), or null. */
export function findPath(graph, from, to) {
  const previous = new Map([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift();
    if (node === to) {
      const route = [];
      for (let at = to; at !== null; at = previous.get(at)) route.unshift(at);
      return route;
    }
    for (const next of graph.get(node) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noFolderCycles = {
  meta: {
    type: 'problem',
    docs: { description: 'Top-level folders of lib/ form no import cycle; lib/testing stays out of production.' },
    schema: [
      {
        type: 'object',
        properties: { rootDir: { type: 'string' }, cycles: { type: 'boolean' } },
        additionalProperties: false,
      },
    ],
    messages: {
      cycle: 'This import closes a folder cycle: {{cycle}}. Move what both sides share down to a folder both may use.',
      testing: 'Production code must not import lib/testing (test helpers); only tests and scripts/ may.',
      delivery: 'lib/ must not import {{layer}}/: the domain does not depend on pages, routes or components.',
    },
  },
  create(context) {
    const rootDir = path.resolve(context.options[0]?.rootDir ?? context.cwd);
    const filename = context.filename;
    const relative = toPosix(path.relative(rootDir, filename));
    if (relative.startsWith('..') || path.isAbsolute(relative)) return {};
    const testCode = isTestCode(relative) || relative.startsWith('scripts/');
    const inLib = relative.startsWith('lib/') && !relative.startsWith('lib/generated/');
    const cycles = context.options[0]?.cycles ?? true;
    const fromNode = cycles && inLib && !isTestCode(relative) ? nodeOf(rootDir, relative) : null;
    let graph = null;

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      const target = resolveSpecifier(rootDir, filename, specifier);
      if (target === null) return;
      if (!testCode && (target === 'lib/testing' || target.startsWith('lib/testing/'))) {
        context.report({ node, messageId: 'testing' });
        return;
      }
      if (inLib) {
        const layer = target.split('/')[0];
        if (layer === 'app' || layer === 'components') {
          context.report({ node, messageId: 'delivery', data: { layer } });
          return;
        }
      }
      if (!fromNode) return;
      const toNode = nodeOf(rootDir, target);
      if (!toNode || toNode === fromNode) return;
      graph ??= buildFolderGraph(rootDir, { file: filename, text: context.sourceCode.text });
      const back = findPath(graph, toNode, fromNode);
      if (back) context.report({ node, messageId: 'cycle', data: { cycle: [fromNode, ...back].join(' -> ') } });
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { 'no-folder-cycles': noFolderCycles } };
