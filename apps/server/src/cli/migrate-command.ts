/**
 * `gatemap migrate`: reads manifests holding Ingresses (and the Gateway, Services, Routes of the
 * cluster), judges which Ingresses the Gateway API already serves, and prints the HTTPRoutes,
 * listeners and ReferenceGrants that would serve the rest on the Gateway picked with `--gateway`,
 * each checked by gatemap's analysis first. Exits 0 when nothing remains that gatemap could not
 * propose, 1 when something does (an object that would be rejected, a path or annotation not
 * translated, no Gateway to propose on), 2 on bad usage or unreadable input.
 */
import { migrationManifests, planMigration, type MigrationPlan } from '@gatemap/topology';
import { stringify } from 'yaml';
import { analyzeManifests } from './analyze-manifests.ts';
import { paletteFor } from './colors.ts';
import { escapeControl } from './escape-control.ts';
import { colorFlag, parseCommandLine, readFilenames, readOutput, REPORT_OPTIONS } from './command-line.ts';
import { renderMigration } from './render-migration.ts';
import type { Io } from './usage.ts';
import { writeJson } from './write-json.ts';

const OUTPUTS: readonly string[] = ['text', 'json', 'yaml'];

export async function runMigrate(args: readonly string[], io: Io): Promise<number> {
  const line = parseCommandLine(
    'migrate',
    args,
    {
      ...REPORT_OPTIONS,
      gateway: { type: 'string' },
    },
    io,
  );
  if (typeof line === 'number') return line;
  const { values, limits } = line;
  const output = readOutput(line, values.output, OUTPUTS);
  if (output === undefined) return 2;
  const gateway = values.gateway === undefined ? undefined : parseGateway(values.gateway);
  if (gateway === null)
    return line.fail(`--gateway takes NAMESPACE/NAME (e.g. infra/web), got "${values.gateway ?? ''}"`);
  const read = await readFilenames('migrate', values.filename, limits, io);
  if (read === undefined) return 2;
  const analysis = analyzeManifests(read.files, { defaultNamespace: values.namespace ?? 'default', limits });
  for (const item of analysis.inputFindings)
    if (item.slug === 'invalid-object') io.stderr.write(`gatemap migrate: ${escapeControl(item.message)}\n`);
  const plan = planMigration({
    objects: [...analysis.engine.allObjects()],
    ...(gateway ? { gateway } : {}),
  });
  const manifests = migrationManifests(plan);
  if (output === 'json') await writeJson(io.stdout, jsonReport(plan));
  else if (output === 'yaml') io.stdout.write(yamlReport(plan, manifests));
  else io.stdout.write(renderMigration(plan, manifests, paletteFor(io.stdout, io.env, colorFlag(values))));
  const inputBroken =
    read.errors.length > 0 ||
    analysis.inputFindings.some((item) => item.slug === 'invalid-object' && item.severity === 'error');
  if (inputBroken || (gateway && 'problem' in plan.gateway)) {
    if (gateway && 'problem' in plan.gateway)
      io.stderr.write(`gatemap migrate: --gateway: ${escapeControl(plan.gateway.problem)}\n`);
    return 2;
  }
  return remains(plan) ? 1 : 0;
}

/** `NAMESPACE/NAME`, or null when the text is not of that shape. */
function parseGateway(text: string): { readonly namespace: string; readonly name: string } | null {
  const parts = text.split('/');
  const [namespace, name] = parts;
  if (parts.length !== 2 || !namespace || !name) return null;
  return { namespace, name };
}

/** Whether something is left that gatemap could not propose. */
function remains(plan: MigrationPlan): boolean {
  const pending = plan.summary.total - plan.summary.covered > 0;
  return (
    (pending && 'problem' in plan.gateway) ||
    plan.rejected.length > 0 ||
    plan.ingresses.some(
      (item) =>
        item.problems.length > 0 || (item.coverage.state !== 'covered' && item.untranslated.length > 0),
    )
  );
}

function jsonReport(plan: MigrationPlan): object {
  return {
    gateway: plan.gateway,
    summary: plan.summary,
    ingresses: plan.ingresses,
    proposed: plan.proposed.map((item) => ({ key: item.key, object: item.object })),
    rejected: plan.rejected.map((item) => ({ key: item.key, object: item.object, reasons: item.reasons })),
    after: plan.after,
    breaks: plan.breaks,
  };
}

/** The manifests, preceded by the report as YAML comments (so that the output applies as it is). */
function yamlReport(plan: MigrationPlan, manifests: string): string {
  const comment = stringify(
    {
      summary: {
        covered: plan.summary.covered,
        partial: plan.summary.partial,
        notStarted: plan.summary.notStarted,
      },
      rejected: plan.rejected.map((item) => ({ key: item.key, reasons: item.reasons })),
      notTranslated: plan.ingresses.flatMap((item) => [
        ...item.problems.map((problem) => `${item.coverage.key}: ${problem}`),
        ...item.untranslated.map((note) => `${item.coverage.key}: ${note.annotation} (${note.meaning})`),
      ]),
    },
    { lineWidth: 0 },
  )
    .trimEnd()
    .split('\n')
    .map((line) => `# ${escapeControl(line)}`)
    .join('\n');
  return `${comment}\n${manifests === '' ? '' : `---\n${manifests}`}`;
}
