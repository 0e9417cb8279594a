/**
 * `gatemap analyze`: reads manifests, prints the topology and findings (text, JSON, YAML) or the
 * findings for CI (SARIF, GitHub workflow annotations), exits 0 (no error
 * findings), 1 (error findings) or 2 (bad usage or unreadable input). With `--context` or
 * `--kubeconfig`, what the manifests would change in a live cluster (what-if-command.ts).
 */
import { buildPolicyReport, buildStatusList, migrationCoverage } from '@gatemap/topology';
import { stringify } from 'yaml';
import { analyzeManifests } from './analyze-manifests.ts';
import { paletteFor } from './colors.ts';
import {
  colorFlag,
  parseCommandLine,
  readFilenames,
  readOutput,
  readPolicyKindsFlag,
  REPORT_OPTIONS,
} from './command-line.ts';
import type { Io } from './usage.ts';
import { renderCoverage } from './render-migration.ts';
import { renderText } from './render-text.ts';
import { writeJson } from './write-json.ts';

/**
 * Plain YAML: the analysis shares objects that are equal (summaries, conditions, listener names),
 * and the YAML writer would otherwise turn each repeat into an alias, which readers limit.
 */
const YAML_OUTPUT = { lineWidth: 0, aliasDuplicateObjects: false } as const;

const OUTPUTS: readonly string[] = ['text', 'json', 'yaml', 'sarif', 'github'];

export async function runAnalyze(args: readonly string[], io: Io): Promise<number> {
  const line = parseCommandLine(
    'analyze',
    args,
    {
      ...REPORT_OPTIONS,
      status: { type: 'boolean', default: false },
      'policy-kinds': { type: 'string', multiple: true },
      context: { type: 'string', multiple: true },
      kubeconfig: { type: 'string' },
      delete: { type: 'string', multiple: true },
      map: { type: 'string' },
    },
    io,
  );
  if (typeof line === 'number') return line;
  const { values, limits } = line;
  const output = readOutput(line, values.output, OUTPUTS);
  if (output === undefined) return 2;
  if (values.status && (output === 'sarif' || output === 'github'))
    return line.fail(
      `--status prints a Kubernetes List (YAML, or JSON with -o json), not ${output}; use one or the other`,
    );
  const color = paletteFor(io.stdout, io.env, colorFlag(values));
  const policyKinds = readPolicyKindsFlag(line, values['policy-kinds']);
  if (policyKinds === undefined) return 2;
  if (values.context !== undefined || values.kubeconfig !== undefined) {
    const refused = whatIfRefusal(output, values.status);
    if (refused !== undefined) return line.fail(refused);
    // Loaded only here: reading a cluster needs the kubeconfig machinery, offline analysis does not.
    const { runWhatIf } = await import('./what-if-command.ts');
    return runWhatIf(
      {
        filenames: values.filename ?? [],
        deletes: values.delete ?? [],
        contexts: values.context ?? [],
        kubeconfig: values.kubeconfig,
        map: values.map,
        namespace: values.namespace,
        output: output === 'json' ? 'json' : 'text',
        limits,
        policyKinds: policyKinds.names,
        color,
      },
      io,
    );
  }
  if (values.delete !== undefined)
    return line.fail(
      "--delete removes an object from a live cluster's: give --context NAME or --kubeconfig PATH",
    );
  const read = await readFilenames('analyze', values.filename, limits, io);
  if (read === undefined) return 2;
  const analysis = analyzeManifests(read.files, {
    defaultNamespace: values.namespace ?? 'default',
    limits,
    policyKinds: policyKinds.names,
  });

  if (values.status) {
    const list = buildStatusList(
      analysis.engine,
      analysis.keys,
      new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    );
    if (output === 'json') await writeJson(io.stdout, list);
    else io.stdout.write(stringify(list, YAML_OUTPUT));
  } else if (output === 'json' || output === 'yaml') {
    const snapshot = analysis.view.snapshot();
    const report = buildPolicyReport(analysis.engine);
    // Policies and the Routes' and Services' effective stacks, when the input holds any policy.
    const policies =
      report.policies.length > 0 || report.routes.length > 0
        ? {
            policies: report.policies,
            policyStacks: report.routes,
            ...(report.services.length > 0 ? { servicePolicyStacks: report.services } : {}),
          }
        : {};
    const migration = migrationCoverage(analysis.engine);
    const document = {
      nodes: snapshot.nodes,
      edges: snapshot.edges,
      ...policies,
      findings: snapshot.findings,
      // Only when Ingresses are among the inputs: the Gateway API-only output keeps its shape.
      ...(migration.coverages.length > 0
        ? { migration: { summary: migration.summary, ingresses: migration.coverages } }
        : {}),
    };
    if (output === 'json') await writeJson(io.stdout, document);
    else io.stdout.write(stringify(document, YAML_OUTPUT));
  } else if (output === 'sarif') {
    // The CI formats are loaded only when asked for: most runs print text or JSON.
    const [{ renderSarif }, { readPackageInfo }] = await Promise.all([
      import('./render-sarif.ts'),
      import('./package-info.ts'),
    ]);
    const log = renderSarif(analysis, {
      cwd: process.cwd(),
      tool: readPackageInfo(),
      readErrors: read.errors,
    });
    await writeJson(io.stdout, log);
  } else if (output === 'github') {
    const { renderGithub } = await import('./render-github.ts');
    io.stdout.write(renderGithub(analysis, process.cwd()));
  } else {
    io.stdout.write(renderText(analysis, color));
    const migration = migrationCoverage(analysis.engine);
    if (migration.coverages.length > 0)
      io.stdout.write(`\n${renderCoverage(migration.coverages, migration.summary, color).join('\n')}\n`);
  }
  const inputBroken =
    read.errors.length > 0 ||
    analysis.inputFindings.some((item) => item.slug === 'invalid-object' && item.severity === 'error');
  if (inputBroken) return 2;
  return analysis.engine.allFindings().some((item) => item.severity === 'error') ? 1 : 0;
}

/** Why a what-if cannot print what was asked, or undefined when it can. */
function whatIfRefusal(output: string, status: boolean): string | undefined {
  if (status)
    return '--status prints the files as a controller would see them; it does not apply to a cluster (--context, --kubeconfig)';
  if (output !== 'text' && output !== 'json')
    return `with --context or --kubeconfig, -o must be text or json (what would change), got "${output}"`;
  return undefined;
}
