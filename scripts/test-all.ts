/**
 * Runs every check in order — types, lint, formatting, dead code, unit, integration, end-to-end — and ends
 * with one summary line, `checks: N passed, N failed`, counting each test and each static check.
 * Every stage runs even when an earlier one fails, so one run reports everything.
 *
 * Control planes: tests reuse a cluster that is already running; the ones this run started
 * (scripts/cluster/up.sh records them in a ledger file) are stopped at the end, unless
 * GATEMAP_KEEP_CLUSTERS=1 asks to keep them for the next run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

interface Stage {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** A JSON report (vitest or Playwright) whose test counts replace the stage's single count. */
  readonly report?: string;
}

const root = join(import.meta.dirname, '..');
const reports = join(root, 'test-results', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const ledger = join(reports, 'clusters-started');
process.env['GATEMAP_CLUSTER_LEDGER'] = ledger;
const only = process.argv.slice(2);

const stages: Stage[] = [
  { name: 'types', command: bin('tsc'), args: ['-b', 'tsconfig.json'] },
  // The end-to-end tests are not a project of the build (nothing imports them): checked on their own.
  { name: 'types', command: bin('tsc'), args: ['-p', 'e2e/tsconfig.json'] },
  { name: 'lint', command: bin('eslint'), args: ['.', '--max-warnings=0'] },
  { name: 'format', command: bin('prettier'), args: ['--check', '.'] },
  // Unused files, exports and dependencies (knip.jsonc).
  { name: 'dead code', command: bin('knip'), args: ['--no-progress'] },
  {
    name: 'unit',
    command: bin('vitest'),
    args: [
      'run',
      '--project',
      'unit',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(reports, 'unit.json')}`,
    ],
    report: join(reports, 'unit.json'),
  },
  {
    name: 'web',
    command: bin('vitest'),
    args: [
      'run',
      '--project',
      'web',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(reports, 'web.json')}`,
    ],
    report: join(reports, 'web.json'),
  },
  {
    name: 'integration',
    command: bin('vitest'),
    args: [
      'run',
      '--project',
      'integration',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(reports, 'integration.json')}`,
    ],
    report: join(reports, 'integration.json'),
  },
  {
    // The real server in Debian's Chromium (scripts/test-prerequisites.sh installs it), serving the
    // built map: `./run test` rebuilds apps/web first when its sources are newer than dist/.
    // Playwright's JSON report (playwright.config.ts) counts each test.
    name: 'e2e',
    command: bin('playwright'),
    args: ['test'],
    report: join(reports, 'e2e.json'),
  },
];

let passed = 0;
let failed = 0;
const failures: string[] = [];
for (const stage of stages) {
  if (only.length > 0 && !only.includes(stage.name)) continue;
  console.log(`\n=== ${stage.name}: ${[stage.command.replace(`${root}/`, ''), ...stage.args].join(' ')}`);
  const started = Date.now();
  const result = spawnSync(stage.command, stage.args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: process.env['CI'] ? '0' : '1' },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  const counted = stage.report ? countReport(stage.report) : undefined;
  if (counted) {
    passed += counted.passed;
    failed += counted.failed;
    if (counted.failed > 0 || !ok) failures.push(`${stage.name} (${counted.failed} failed)`);
    if (!ok && counted.failed === 0) failed += 1;
  } else if (ok) {
    passed += 1;
  } else {
    failed += 1;
    failures.push(stage.name);
  }
  console.log(`=== ${stage.name}: ${ok ? 'ok' : 'FAILED'} in ${seconds}s`);
}

stopStartedClusters();
if (failures.length > 0) console.log(`\nFailed stages: ${failures.join(', ')}`);
console.log(`\nchecks: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

function countReport(path: string): { passed: number; failed: number } | undefined {
  if (!existsSync(path)) return undefined;
  const report = JSON.parse(readFileSync(path, 'utf8')) as {
    numPassedTests?: number;
    numFailedTests?: number;
    stats?: { expected?: number; unexpected?: number; flaky?: number };
  };
  if (report.stats)
    return {
      passed: (report.stats.expected ?? 0) + (report.stats.flaky ?? 0),
      failed: report.stats.unexpected ?? 0,
    };
  return { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0 };
}

/** Stops the control planes this run started (see the header). */
function stopStartedClusters(): void {
  if (!existsSync(ledger)) return;
  const names = [...new Set(readFileSync(ledger, 'utf8').split('\n').filter(Boolean))];
  if (names.length === 0) return;
  if (process.env['GATEMAP_KEEP_CLUSTERS'] === '1') {
    console.log(
      `\nkeeping the control planes this run started: ${names.join(', ')} (pnpm cluster:down --all stops them)`,
    );
    return;
  }
  for (const name of names)
    spawnSync('bash', [join(root, 'scripts/cluster/down.sh'), '--name', name], {
      cwd: root,
      stdio: 'inherit',
    });
  console.log(`\nstopped the control planes this run started: ${names.join(', ')}`);
}
