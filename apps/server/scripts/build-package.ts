/**
 * Builds the publishable `gatemap` package into a directory (default: apps/server/dist/package):
 *
 * - `lib/server`, `lib/topology` and `lib/manifests`: the server's, the analyzer's and the manifest
 *   readers' TypeScript as JavaScript, types stripped exactly as Node strips them when it runs the
 *   sources (the code uses only erasable syntax), relative `.ts` imports renamed `.js`, and
 *   `@gatemap/topology` and `@gatemap/manifests` (workspace packages that are not published)
 *   imported by relative path;
 * - `bin/gatemap.js`, the launcher, which runs `lib/` when it is there;
 * - `web/`, the built map, and `examples/`, for `gatemap serve --demo`;
 * - `package.json`: the server's, with the carried packages' dependencies in place of them.
 *
 * Node strips no types under node_modules, so a package of TypeScript sources would not run once
 * installed; this one does. `pnpm pack` in the directory makes the tarball.
 * Run: pnpm build:package [directory]
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';

const root = join(import.meta.dirname, '../../..');
const server = join(root, 'apps/server');
const web = join(root, 'apps/web/dist');

/** The workspace packages the server imports, carried in the package under `lib/`. */
const CARRIED: readonly { readonly name: string; readonly dir: string; readonly lib: string }[] = [
  { name: '@gatemap/topology', dir: join(root, 'packages/topology'), lib: 'lib/topology' },
  { name: '@gatemap/manifests', dir: join(root, 'packages/manifests'), lib: 'lib/manifests' },
];

/** `requireWeb: false` leaves the map out when it is not built (tests of the rest). */
export function buildPackage(out: string, { requireWeb = true } = {}): void {
  const withWeb = existsSync(join(web, 'index.html'));
  if (requireWeb && !withWeb)
    throw new Error(`the map is not built (${web}): run pnpm --filter @gatemap/web build first`);
  rmSync(out, { recursive: true, force: true });
  const entries: ReadonlyMap<string, string> = new Map(
    CARRIED.map((carried) => [carried.name, join(out, carried.lib, 'index.js')]),
  );
  for (const carried of CARRIED) compileTree(join(carried.dir, 'src'), join(out, carried.lib), entries);
  compileTree(join(server, 'src'), join(out, 'lib/server'), entries);
  mkdirSync(join(out, 'bin'), { recursive: true });
  cpSync(join(server, 'bin/gatemap.js'), join(out, 'bin/gatemap.js'));
  if (withWeb) cpSync(web, join(out, 'web'), { recursive: true });
  cpSync(join(root, 'examples'), join(out, 'examples'), { recursive: true });
  cpSync(join(root, 'README.md'), join(out, 'README.md'));

  const manifest = readJson(join(server, 'package.json'));
  const dependencies: Record<string, string> = {};
  for (const carried of CARRIED)
    Object.assign(dependencies, readJson(join(carried.dir, 'package.json'))['dependencies']);
  Object.assign(dependencies, manifest['dependencies']);
  for (const carried of CARRIED) delete dependencies[carried.name];
  for (const [name, version] of Object.entries(dependencies))
    if (version.startsWith('workspace:')) throw new Error(`dependency ${name} is a workspace package`);
  const published = {
    name: manifest['name'],
    version: manifest['version'],
    description: manifest['description'],
    license: manifest['license'],
    type: 'module',
    bin: manifest['bin'],
    engines: manifest['engines'],
    files: ['bin', 'lib', 'web', 'examples', 'README.md'],
    dependencies: Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b))),
  };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
}

/** Tests, and the builders and checks they share (`test-support.ts`, `*-test-support.ts`), stay out of the package. */
function isTestCode(name: string): boolean {
  return name.endsWith('.test.ts') || name.endsWith('test-support.ts');
}

/** Every `.ts` file under `from` but test code, as JavaScript under `to`. */
function compileTree(from: string, to: string, entries: ReadonlyMap<string, string>): void {
  for (const entry of readdirSync(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || isTestCode(entry.name)) continue;
    const source = join(entry.parentPath, entry.name);
    const target = join(to, relative(from, source)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, compile({ code: readFileSync(source, 'utf8'), source, target, entries }));
  }
}

/** Relative module specifiers ending in `.ts`, and the carried packages' names, in imports and exports. */
const SPECIFIER = /((?:\bfrom|\bimport)\s*\(?\s*)(['"])([^'"\n]+)\2/g;

interface Compilation {
  readonly code: string;
  /** The TypeScript file, and the JavaScript file it becomes. */
  readonly source: string;
  readonly target: string;
  /** The compiled entry of each carried package, by its name. */
  readonly entries: ReadonlyMap<string, string>;
}

function compile({ code, source, target, entries }: Compilation): string {
  let javascript: string;
  try {
    javascript = stripTypeScriptTypes(code, { mode: 'strip' });
  } catch (error) {
    throw new Error(`${source}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return javascript.replace(SPECIFIER, (whole, before: string, quote: string, specifier: string) => {
    const entry = entries.get(specifier);
    if (entry !== undefined) {
      const path = relative(dirname(target), entry).split(sep).join('/');
      return `${before}${quote}${path.startsWith('.') ? path : `./${path}`}${quote}`;
    }
    if (specifier.startsWith('@gatemap/'))
      throw new Error(`${source}: imports ${specifier}, which the package does not carry`);
    if (specifier.startsWith('.') && specifier.endsWith('.ts'))
      return `${before}${quote}${specifier.slice(0, -3)}.js${quote}`;
    return whole;
  });
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

if (import.meta.main) {
  const out = process.argv[2] ?? join(server, 'dist/package');
  buildPackage(out);
  console.log(
    `gatemap package built in ${relative(process.cwd(), out) || '.'} (pnpm pack there makes the tarball)`,
  );
}
