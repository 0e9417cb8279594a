/**
 * `gatemap analyze -o sarif`: the findings as a SARIF 2.1.0 log, the format code scanning takes
 * (GitHub's `upload-sarif`, and other SARIF readers).
 *
 * One run; its driver names gatemap's version (and its homepage, when the package.json has one)
 * and lists a rule for each finding code that occurs, with the catalogue's title, severity and link
 * to the Gateway API reference. Inputs that could not be read make the invocation unsuccessful. One result per finding, in the order of the text
 * output, at the file and line where its object's document starts (the place the text output
 * prints), and with the object as a logical location (`HTTPRoute/default/shop`).
 *
 * Where things have no file of their own:
 * - stdin (`-`): the artifact's uri is `stdin`, with no base and a description saying it is the
 *   standard input. GitHub rejects a whole log in which any result lacks a physical location with
 *   a uri, so each has one; its alerts then show under the path `stdin`.
 * - an object read from no file: the result has only its logical location. The log is valid SARIF,
 *   but GitHub code scanning does not take it.
 *
 * `partialFingerprints` carry a hash of the finding's id (code, object and what tells findings of
 * one code on one object apart; never the message, which names other objects and counts), so that
 * code scanning follows an alert across runs and edits that move its lines.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { FINDINGS, parseObjectKey, type Finding, type FindingSlug, type Severity } from '@gatemap/topology';
import type { ManifestAnalysis } from './analyze-manifests.ts';
import type { PackageInfo } from './package-info.ts';
import { findingPlace, isInputFinding, type FindingPlace } from './finding-place.ts';
import type { InputError } from './read-inputs.ts';
import { sortFindings } from './sort-findings.ts';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The base that code scanning resolves to the repository's root. */
const SOURCE_ROOT = '%SRCROOT%';
const FINGERPRINT = 'gatemapFindingId/v1';

type Level = 'error' | 'warning' | 'note';

interface Message {
  readonly text: string;
  readonly markdown?: string;
}

interface ReportingDescriptor {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: Message;
  readonly fullDescription: Message;
  readonly help: Message;
  readonly helpUri: string;
  readonly defaultConfiguration: { readonly level: Level };
}

interface Location {
  readonly physicalLocation?: {
    readonly artifactLocation: {
      readonly uri: string;
      readonly uriBaseId?: string;
      readonly description?: Message;
    };
    readonly region?: { readonly startLine: number };
  };
  readonly logicalLocations?: readonly {
    readonly name: string;
    readonly fullyQualifiedName: string;
    readonly kind: 'resource';
    readonly properties: { readonly kind: string; readonly namespace?: string };
  }[];
}

interface Result {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: Level;
  readonly message: Message;
  readonly locations: readonly Location[];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly properties?: { readonly field: string };
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly {
    readonly tool: {
      readonly driver: {
        readonly name: 'gatemap';
        readonly version?: string;
        readonly informationUri?: string;
        readonly rules: readonly ReportingDescriptor[];
      };
    };
    readonly invocations: readonly {
      readonly executionSuccessful: boolean;
      readonly toolExecutionNotifications?: readonly { readonly level: 'error'; readonly message: Message }[];
    }[];
    readonly results: readonly Result[];
  }[];
}

export interface SarifOptions {
  /** The directory file names are made relative to: the checkout, in CI. */
  readonly cwd: string;
  /** gatemap's version and homepage, where its package.json states them. */
  readonly tool: PackageInfo;
  /** Inputs that could not be read: the run did not see everything. */
  readonly readErrors?: readonly InputError[];
}

export function renderSarif(analysis: ManifestAnalysis, options: SarifOptions): SarifLog {
  const findings = sortFindings(analysis.view.snapshot().findings);
  // A code's slug is the same on every finding of it: the catalogue keys codes by slug.
  const slugs = new Map(findings.map((item) => [item.code, item.slug]));
  const rules = [...slugs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, slug]) => rule(code, slug));
  const ruleIndex = new Map(rules.map((descriptor, index) => [descriptor.id, index]));
  const results = findings.map((item): Result => ({
    ruleId: item.code,
    ruleIndex: ruleIndex.get(item.code) ?? -1,
    level: level(item.severity),
    message: { text: messageText(item) },
    locations: [location(item, findingPlace(item, analysis.sources, options.cwd))],
    partialFingerprints: { [FINGERPRINT]: createHash('sha256').update(item.id).digest('hex') },
    ...(item.field === undefined ? {} : { properties: { field: item.field } }),
  }));
  const readErrors = options.readErrors ?? [];
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gatemap',
            ...(options.tool.version === undefined ? {} : { version: options.tool.version }),
            ...(options.tool.homepage === undefined ? {} : { informationUri: options.tool.homepage }),
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: readErrors.length === 0,
            ...(readErrors.length === 0
              ? {}
              : {
                  toolExecutionNotifications: readErrors.map((error) => ({
                    level: 'error' as const,
                    message: { text: `${error.path}: cannot read: ${error.reason}` },
                  })),
                }),
          },
        ],
        results,
      },
    ],
  };
}

function rule(code: string, slug: FindingSlug): ReportingDescriptor {
  const entry = FINDINGS[slug];
  return {
    id: code,
    // The catalogue's slug, as the JSON output names the finding.
    name: slug,
    shortDescription: { text: entry.title },
    fullDescription: {
      text: `${entry.title}. Each result names the object, says why, and where there is a fix, what to change (with the YAML where it helps).`,
    },
    help: {
      text: `${entry.title}. Gateway API reference: ${entry.docs}`,
      markdown: `**${entry.title}.** See [the Gateway API reference](${entry.docs}).`,
    },
    helpUri: entry.docs,
    defaultConfiguration: { level: level(entry.severity) },
  };
}

function level(severity: Severity): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** The message, its hints and the fix, as plain text (code scanning shows `text`). */
function messageText(item: Finding): string {
  const lines = [item.message, ...(item.hints ?? [])];
  if (item.fix) {
    lines.push(`Fix: ${item.fix.description}`);
    if (item.fix.yaml) lines.push(item.fix.yaml.trimEnd());
  }
  return lines.join('\n');
}

function location(item: Finding, place: FindingPlace | undefined): Location {
  const region = place?.line === undefined ? {} : { region: { startLine: place.line } };
  const physical: Location['physicalLocation'] | undefined =
    place === undefined
      ? undefined
      : place.type === 'stdin'
        ? { artifactLocation: { uri: 'stdin', description: { text: 'the standard input' } }, ...region }
        : place.inside
          ? { artifactLocation: { uri: encodePath(place.path), uriBaseId: SOURCE_ROOT }, ...region }
          : { artifactLocation: { uri: pathToFileURL(place.path).href }, ...region };
  if (isInputFinding(item)) return physical ? { physicalLocation: physical } : {};
  const key = parseObjectKey(item.subject);
  return {
    ...(physical ? { physicalLocation: physical } : {}),
    logicalLocations: [
      {
        name: key.name,
        fullyQualifiedName: item.subject,
        kind: 'resource',
        properties: { kind: key.kind, ...(key.namespace === undefined ? {} : { namespace: key.namespace }) },
      },
    ],
  };
}

/**
 * A relative `/`-separated path as a URI reference: what a URI cannot hold (spaces, `%`, non-ASCII)
 * percent-encoded, and `#`, `?` and `:`, which would end the path or read as a scheme, too.
 */
function encodePath(path: string): string {
  return encodeURI(path).replace(/[#?:]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
