/**
 * The packages hold no state at module level: whatever is cached belongs to an engine (see
 * `SharedValues`), so two engines in one process — two clusters served at once — never share a
 * cache or see one emptied by the other. Tables at module level are constants, typed read-only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import { TopologyEngine, type ObjectKey } from '../src/index.ts';
import { upsert } from '../src/test-support.ts';

const root = join(import.meta.dirname, '..', '..', '..');

function sourceFiles(): string[] {
  const files: string[] = [];
  for (const pkg of readdirSync(join(root, 'packages'))) {
    const src = join(root, 'packages', pkg, 'src');
    for (const entry of readdirSync(src, { recursive: true, withFileTypes: true }))
      if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
        files.push(join(entry.parentPath, entry.name));
  }
  return files;
}

const MUTABLE_COLLECTIONS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array']);

/** Whether an initializer makes a collection that can grow (a frozen or `as const` one cannot). */
function makesMutableCollection(node: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(node)) return makesMutableCollection(node.expression);
  if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node))
    return (
      !(ts.isTypeReferenceNode(node.type) && node.type.getText() === 'const') &&
      makesMutableCollection(node.expression)
    );
  if (ts.isArrayLiteralExpression(node)) return true;
  if (ts.isNewExpression(node)) return MUTABLE_COLLECTIONS.has(node.expression.getText());
  if (ts.isObjectLiteralExpression(node))
    return node.properties.some(
      (property) => ts.isPropertyAssignment(property) && makesMutableCollection(property.initializer),
    );
  return false;
}

/** Whether a declared type lets its holder change the collection (`Map`, `Set`, `T[]`, `Array`). */
function typeAllowsMutation(type: ts.TypeNode): boolean {
  let mutable = false;
  const visit = (node: ts.Node): void => {
    if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword) return;
    if (ts.isArrayTypeNode(node) || ts.isTupleTypeNode(node)) mutable = true;
    if (ts.isTypeReferenceNode(node) && MUTABLE_COLLECTIONS.has(node.typeName.getText())) mutable = true;
    ts.forEachChild(node, visit);
  };
  visit(type);
  return mutable;
}

/** Module-level declarations that hold mutable state, as `line name`. */
function stateIn(source: ts.SourceFile): string[] {
  const where = (node: ts.Node, name: string) =>
    `${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${name}`;
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      const constant = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const declaration of statement.declarationList.declarations) {
        const name = declaration.name.getText();
        if (!constant) found.push(where(declaration, `${name} (let/var)`));
        else if (declaration.type) {
          if (typeAllowsMutation(declaration.type)) found.push(where(declaration, `${name} (mutable type)`));
        } else if (declaration.initializer && makesMutableCollection(declaration.initializer))
          found.push(where(declaration, `${name} (mutable collection)`));
      }
    }
    if (ts.isClassDeclaration(statement))
      for (const member of statement.members)
        if (
          ts.isPropertyDeclaration(member) &&
          member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)
        )
          found.push(where(member, `${member.name.getText()} (static field)`));
  }
  return found;
}

function parse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
}

describe('state at module level', () => {
  it('holds none in any package source file', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(30);
    const found = files.flatMap((file) =>
      stateIn(parse(file, readFileSync(file, 'utf8'))).map((entry) => `${relative(root, file)}:${entry}`),
    );
    expect(found).toEqual([]);
  });

  it('is found where a cache, counter or scratch list is declared, and not in read-only tables', () => {
    const found = (text: string) => stateIn(parse('probe.ts', text)).length > 0;
    expect(found('let count = 0;')).toBe(true);
    expect(found('const cache = new Map<string, string>();')).toBe(true);
    expect(found('const scratch: string[] = [];')).toBe(true);
    expect(found('const byKind = { a: new Set() };')).toBe(true);
    expect(found('class Cache { static entries = new Map(); }')).toBe(true);
    expect(found('const TABLE: ReadonlySet<string> = new Set(["a"]);')).toBe(false);
    expect(found('const NONE: readonly never[] = Object.freeze([]);')).toBe(false);
    expect(found("const KINDS = ['a', 'b'] as const;")).toBe(false);
  });
});

describe('engines in one process', () => {
  const objects = () =>
    [
      gatewayClass(),
      service({ name: 'svc', ports: [80] }),
      gateway({ listeners: [{ name: 'web', hostname: 'x.example.com' }] }),
      httpRoute({ name: 'one', hostnames: ['x.example.com'], backends: ['svc:80'] }),
      httpRoute({ name: 'two', hostnames: ['x.example.com'], backends: ['svc:80'] }),
    ].map(upsert);
  const conditionsOf = (engine: TopologyEngine, name: string) =>
    engine.route(`HTTPRoute/default/${name}` as ObjectKey)?.parents[0]?.conditions;

  it('share equal values between the Routes of one engine, and none between two engines', () => {
    const first = new TopologyEngine();
    const second = new TopologyEngine();
    first.apply(objects());
    second.apply(objects());
    expect(conditionsOf(first, 'one')).toBe(conditionsOf(first, 'two'));
    expect(conditionsOf(second, 'one')).toBe(conditionsOf(second, 'two'));
    expect(conditionsOf(first, 'one')).toEqual(conditionsOf(second, 'one'));
    expect(conditionsOf(first, 'one')).not.toBe(conditionsOf(second, 'one'));
    expect(first.shared).not.toBe(second.shared);
    expect(first.shared.parentRef('default', { name: 'gateway' })).not.toBe(
      second.shared.parentRef('default', { name: 'gateway' }),
    );
  });

  it('keeps what one engine shares when another fills its caches', () => {
    const first = new TopologyEngine();
    first.apply(objects());
    const before = first.shared.parentRef('default', { name: 'gateway' });
    const second = new TopologyEngine();
    for (let index = 0; index <= 70_000; index++) second.shared.parentRef('default', { name: `gw-${index}` });
    expect(first.shared.parentRef('default', { name: 'gateway' })).toBe(before);
  });
});
