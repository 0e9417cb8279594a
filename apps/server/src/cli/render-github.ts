/**
 * `gatemap analyze -o github`: one GitHub Actions workflow command per finding, which the runner
 * turns into an annotation on the file and line where the finding's object is written:
 *
 *   ::error file=routes.yaml,line=12,title=GM305 HTTPRoute default/shop::Backend … does not exist.
 *
 * `::warning` and `::notice` for warnings and info, in the order of the text output. A finding on
 * stdin or on an object read from no file has no `file` (GitHub shows it on the run, not on a
 * file); for stdin the title says the line.
 *
 * The runner reads every line of a step's output for commands, so nothing from the input may end
 * a line: control characters (line breaks included) and layout characters in names, messages and
 * file names are first shown as escapes by `escapeControl`, as in the text output, and then the
 * command is escaped as the Actions toolkit escapes it (`escapeData`, `escapeProperty` in
 * `@actions/core`): `%`, CR and LF in the message, and also `:` and `,` in properties. The message's
 * own line breaks (between the message, its hints and the fix) are kept, as `%0A`.
 */
import type { Finding, Severity } from '@gatemap/topology';
import type { ManifestAnalysis } from './analyze-manifests.ts';
import { escapeControl as safe } from './escape-control.ts';
import { findingPlace, isInputFinding } from './finding-place.ts';
import { sortFindings } from './sort-findings.ts';

export function renderGithub(analysis: ManifestAnalysis, cwd: string): string {
  let out = '';
  for (const item of sortFindings(analysis.view.snapshot().findings)) {
    const place = findingPlace(item, analysis.sources, cwd);
    const properties: string[] = [];
    if (place?.type === 'file') {
      properties.push(`file=${escapeProperty(safe(place.path))}`);
      if (place.line !== undefined) properties.push(`line=${place.line}`);
    }
    const subject = isInputFinding(item) ? item.title : subjectLabel(item);
    const stdin =
      place?.type !== 'stdin' || isInputFinding(item)
        ? ''
        : place.line === undefined
          ? ' (stdin)'
          : ` (stdin:${place.line})`;
    properties.push(`title=${escapeProperty(safe(`${item.code} ${subject}${stdin}`))}`);
    out += `::${command(item.severity)} ${properties.join(',')}::${escapeData(messageLines(item).map(safe).join('\n'))}\n`;
  }
  return out;
}

function command(severity: Severity): 'error' | 'warning' | 'notice' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
}

/** `HTTPRoute default/shop`, as the text output names objects. */
function subjectLabel(item: Finding): string {
  const first = item.subject.indexOf('/');
  return `${item.subject.slice(0, first)} ${item.subject.slice(first + 1)}`;
}

function messageLines(item: Finding): string[] {
  const lines = [item.message, ...(item.hints ?? [])];
  if (item.fix) {
    lines.push(`fix: ${item.fix.description}`);
    if (item.fix.yaml) for (const line of item.fix.yaml.trimEnd().split('\n')) lines.push(`  ${line}`);
  }
  lines.push(item.docs);
  return lines;
}

/** `escapeData` of `@actions/core`: the message of a workflow command. */
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** `escapeProperty` of `@actions/core`: a property value of a workflow command. */
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
