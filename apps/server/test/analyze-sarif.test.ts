/**
 * `gatemap analyze -o sarif`: a log the SARIF 2.1.0 JSON schema accepts (the OASIS schema, as
 * `@microsoft/jest-sarif` ships it), with each result at the file and line the text output prints
 * for the finding: a document of a multi-document file, an item of a List.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { ManifestAnalysis } from '../src/cli/analyze-manifests.ts';
import { renderSarif, type SarifLog } from '../src/cli/render-sarif.ts';
import {
  analyzeFixture,
  CWD,
  EXPECTED_PLACES,
  fixtureFiles,
  LIST,
  STACK,
  textPlaces,
} from './helpers/ci-fixture.ts';

const SCHEMA_FILE = fileURLToPath(
  import.meta.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'),
);
// Draft 04, as the schema is written, with its formats checked (GitHub checks `uri-reference`).
// The schema's `language` pattern has a stray `]` that JavaScript reads only outside unicode mode,
// so patterns are compiled without the `u` flag. Both packages are CommonJS: the export is `.default`.
const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);

function expectValid(log: SarifLog): void {
  // Through JSON, as it is written: what is checked is the text a consumer reads.
  const valid = validateSarif(JSON.parse(JSON.stringify(log)));
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

const sarif = (analysis: ManifestAnalysis = analyzeFixture(), cwd = CWD) =>
  renderSarif(analysis, { cwd, tool: { version: '1.2.3' } });

const run = (log: SarifLog) => log.runs[0]!;

describe('gatemap analyze -o sarif', () => {
  it('writes a log the SARIF 2.1.0 schema accepts, and the schema rejects a broken one', () => {
    const log = sarif();
    expectValid(log);
    expect(log.version).toBe('2.1.0');
    expect(run(log).tool.driver).toMatchObject({ name: 'gatemap', version: '1.2.3' });
    const broken = () => JSON.parse(JSON.stringify(log)) as { runs: { results: unknown[] }[] };
    const badLevel = broken();
    badLevel.runs[0]!.results[0] = { ...run(log).results[0]!, level: 'fatal' };
    expect(validateSarif(badLevel)).toBe(false);
    const badUri = broken();
    badUri.runs[0]!.results[0] = {
      ...run(log).results[0]!,
      locations: [{ physicalLocation: { artifactLocation: { uri: 'a b\\c d' } } }],
    };
    expect(validateSarif(badUri)).toBe(false);
  });

  it('puts each result at the start of its object’s document, the file and line the text output prints', () => {
    const analysis = analyzeFixture();
    const results = run(sarif(analysis)).results;
    const places = results.map((result) => [
      result.ruleId,
      result.locations[0]?.logicalLocations?.[0]?.fullyQualifiedName ??
        `Input/${result.locations[0]?.physicalLocation?.artifactLocation.uri}:${result.locations[0]?.physicalLocation?.region?.startLine}`,
      result.locations[0]?.physicalLocation?.artifactLocation.uri,
      result.locations[0]?.physicalLocation?.region?.startLine,
    ]);
    expect(places).toEqual(EXPECTED_PLACES);
    // The text output lists the same findings at the same places, in the same order.
    expect(textPlaces(analysis)).toEqual(
      EXPECTED_PLACES.filter(([, subject]) => !subject.startsWith('Input/')),
    );
    for (const result of results)
      expect(result.locations[0]?.physicalLocation?.artifactLocation.uriBaseId).toBe('%SRCROOT%');
    // The lines are those of the documents: `kind:` of each object is at or below its line.
    const lines = { 'manifests/stack.yaml': STACK.split('\n'), 'manifests/list.yaml': LIST.split('\n') };
    for (const [, subject, file, line] of EXPECTED_PLACES) {
      if (subject.startsWith('Input/')) continue;
      const text = lines[file as keyof typeof lines].slice(line - 1, line + 3).join('\n');
      expect(text).toMatch(new RegExp(`kind: ${subject.split('/')[0]!.split('.')[0]}\\b`));
    }
  });

  it('describes each rule that occurs once, and points each result at its rule', () => {
    const { tool, results } = run(sarif());
    const rules = tool.driver.rules;
    expect(rules.map((rule) => rule.id)).toEqual(['GM101', 'GM103', 'GM201', 'GM301', 'GM304', 'GM305']);
    for (const result of results) expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
    expect(rules.find((rule) => rule.id === 'GM304')).toMatchObject({
      name: 'reference-not-permitted',
      shortDescription: { text: 'Cross-namespace reference without a ReferenceGrant' },
      helpUri: 'https://gateway-api.sigs.k8s.io/api-types/referencegrant/',
      defaultConfiguration: { level: 'error' },
    });
    expect(rules.find((rule) => rule.id === 'GM103')?.defaultConfiguration.level).toBe('note');
    // A duplicate definition is a GM101 warning, though GM101 is an error by default.
    expect(results.map((result) => result.level)).toEqual([
      'error',
      'error',
      'error',
      'error',
      'error',
      'error',
      'warning',
      'note',
    ]);
  });

  it('says in the message what is wrong and how to fix it, and names the object as a logical location', () => {
    const result = run(sarif()).results.find((item) => item.ruleId === 'GM304')!;
    expect(result.message.text).toContain('no ReferenceGrant in namespace store');
    expect(result.message.text).toMatch(/\nFix: .*\n.*kind: ReferenceGrant/s);
    expect(result.properties).toEqual({ field: 'spec.rules[0].backendRefs[0]' });
    expect(result.locations[0]?.logicalLocations).toEqual([
      {
        name: 'a',
        fullyQualifiedName: 'HTTPRoute/apps/a',
        kind: 'resource',
        properties: { kind: 'HTTPRoute', namespace: 'apps' },
      },
    ]);
  });

  it('fingerprints a finding the same when its lines move or its message changes, and findings apart', () => {
    const fingerprints = (log: SarifLog) =>
      run(log).results.map((result) => `${result.ruleId} ${Object.values(result.partialFingerprints)[0]}`);
    const before = sarif();
    const moved = sarif(analyzeFixture(fixtureFiles(`# one more line\n\n${STACK}`)));
    expect(
      run(moved).results.find((result) => result.ruleId === 'GM301')?.locations[0]?.physicalLocation?.region,
    ).toEqual({ startLine: 18 });
    const stable = (log: SarifLog) => fingerprints(log).filter((text) => !text.startsWith('GM101'));
    expect(stable(moved)).toEqual(stable(before));
    expect(new Set(fingerprints(before)).size).toBe(fingerprints(before).length);
    // Renaming the missing Service changes the message, not the finding.
    const renamed = sarif(analyzeFixture(fixtureFiles(STACK, LIST.replace('name: gone', 'name: went'))));
    expect(fingerprints(renamed)).toEqual(fingerprints(before));
    expect(sarif()).toEqual(before);
  });

  it('names stdin as such, files outside the working directory by file URI, and odd names encoded', () => {
    const analysis = analyzeFixture([
      { name: '-', text: STACK },
      { name: '/elsewhere/list.yaml', text: LIST.replace('name: b,', 'name: c,') },
      { name: 'odd dir/#1: a+b (ä)?.yaml', text: LIST.replace('name: b,', 'name: d,') },
    ]);
    const log = sarif(analysis);
    expectValid(log);
    const uri = (subject: string) =>
      run(log).results.find((result) =>
        result.locations[0]?.logicalLocations?.some((logical) => logical.fullyQualifiedName === subject),
      )?.locations[0]?.physicalLocation;
    expect(uri('HTTPRoute/apps/shop')).toEqual({
      artifactLocation: { uri: 'stdin', description: { text: 'the standard input' } },
      region: { startLine: 16 },
    });
    expect(uri('HTTPRoute/apps/c')).toEqual({
      artifactLocation: { uri: 'file:///elsewhere/list.yaml' },
      region: { startLine: 14 },
    });
    expect(uri('HTTPRoute/apps/d')).toEqual({
      artifactLocation: { uri: 'odd%20dir/%231%3A%20a+b%20(%C3%A4)%3F.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 14 },
    });
  });

  it('keeps a finding on an object read from no file, with its logical location only', () => {
    const analysis = analyzeFixture();
    const log = sarif({ ...analysis, sources: new Map() });
    expectValid(log);
    const results = run(log).results;
    expect(results).toHaveLength(EXPECTED_PLACES.length);
    const shop = results.find((result) => result.ruleId === 'GM301')!;
    expect(shop.locations).toEqual([
      {
        logicalLocations: [expect.objectContaining({ fullyQualifiedName: 'HTTPRoute/apps/shop' }) as unknown],
      },
    ]);
  });

  it('says the run did not see every input when a file could not be read', () => {
    const log = renderSarif(analyzeFixture(), {
      cwd: CWD,
      tool: {},
      readErrors: [{ path: 'gone.yaml', reason: 'no such file or directory' }],
    });
    expectValid(log);
    expect(run(log).invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          { level: 'error', message: { text: 'gone.yaml: cannot read: no such file or directory' } },
        ],
      },
    ]);
    expect(run(log).tool.driver).not.toHaveProperty('version');
  });
});
