/**
 * `gatemap analyze -o github`: one workflow command per finding, at the file and line the text
 * output prints (a document of a multi-document file, an item of a List), escaped as the Actions
 * toolkit escapes commands, so that nothing from the input can end a line and start a command.
 */
import { describe, expect, it } from 'vitest';
import { analyzeManifests } from '../src/cli/analyze-manifests.ts';
import { renderGithub } from '../src/cli/render-github.ts';
import { analyzeFixture, CWD, EXPECTED_PLACES, STACK } from './helpers/ci-fixture.ts';

/** A workflow command as the runner reads it: `::name key=value,…::message`, one per line. */
const COMMAND = /^::(error|warning|notice) ([^:]*)::(.*)$/;

/** What the runner makes of an escaped value (`%0A` back to a line break, and so on). */
function unescape(text: string): string {
  return text
    .replaceAll('%0D', '\r')
    .replaceAll('%0A', '\n')
    .replaceAll('%3A', ':')
    .replaceAll('%2C', ',')
    .replaceAll('%25', '%');
}

function commands(output: string) {
  expect(output.endsWith('\n')).toBe(true);
  return output
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const match = COMMAND.exec(line);
      expect(match, line).not.toBeNull();
      const properties = Object.fromEntries(
        match![2]!.split(',').map((pair) => {
          const at = pair.indexOf('=');
          return [pair.slice(0, at), unescape(pair.slice(at + 1))];
        }),
      );
      return { command: match![1]!, properties, message: unescape(match![3]!) };
    });
}

describe('gatemap analyze -o github', () => {
  it('annotates each finding at the start of its object’s document, as the text output places it', () => {
    const annotations = commands(renderGithub(analyzeFixture(), CWD));
    expect(annotations.map(({ properties }) => [properties['file'], Number(properties['line'])])).toEqual(
      EXPECTED_PLACES.map(([, , file, line]) => [file, line]),
    );
    expect(annotations.map(({ command }) => command)).toEqual([
      'error',
      'error',
      'error',
      'error',
      'error',
      'error',
      'warning',
      'notice',
    ]);
    expect(annotations.map(({ properties }) => properties['title'])).toEqual([
      'GM201 Gateway apps/web',
      'GM304 HTTPRoute apps/a',
      'GM305 HTTPRoute apps/b',
      'GM305 HTTPRoute apps/cart',
      'GM301 HTTPRoute apps/shop',
      'GM101 Object is malformed and was not analyzed',
      'GM101 Gateway apps/web',
      'GM103 Widget.example.com apps/gadget',
    ]);
  });

  it('gives the message, the fix with its YAML and the link, on lines of one annotation', () => {
    const grant = commands(renderGithub(analyzeFixture(), CWD)).find(({ properties }) =>
      properties['title']?.startsWith('GM304'),
    )!;
    const lines = grant.message.split('\n');
    expect(lines[0]).toContain('no ReferenceGrant in namespace store');
    expect(lines).toContain('  kind: ReferenceGrant');
    expect(lines.at(-1)).toBe('https://gateway-api.sigs.k8s.io/api-types/referencegrant/');
  });

  it('annotates what came from stdin on the run, with the line in the title', () => {
    const annotations = commands(renderGithub(analyzeManifests([{ name: '-', text: STACK }]), CWD));
    const shop = annotations.find(({ properties }) => properties['title']?.startsWith('GM301'))!;
    expect(shop.properties).toEqual({ title: 'GM301 HTTPRoute apps/shop (stdin:16)' });
  });

  it('escapes %, :, , and line breaks as the toolkit does, so a name cannot start another command', () => {
    const route = JSON.stringify({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'evil\n::error file=x.yaml::forged', namespace: 'apps' },
      spec: { parentRefs: [{ name: 'gw\r\n::add-mask::secret 100%' }] },
    });
    const file = 'team,a/50%: routes\n::warning::x.json';
    const output = renderGithub(analyzeManifests([{ name: file, text: route }]), CWD);
    // One finding, one line: no line of the output but the first starts a command.
    expect(output.split('\n')).toHaveLength(2);
    expect(output).not.toMatch(/\r/);
    expect(output).toContain('file=team%2Ca/50%25%3A routes\\x0a%3A%3Awarning%3A%3Ax.json,line=1,');
    const [annotation] = commands(output);
    // The runner reads back the names with their control characters shown, not acted on.
    expect(annotation!.properties).toEqual({
      file: 'team,a/50%: routes\\x0a::warning::x.json',
      line: '1',
      title: 'GM301 HTTPRoute apps/evil\\x0a::error file=x.yaml::forged',
    });
    expect(annotation!.message).toContain('Gateway apps/gw\\x0d\\x0a::add-mask::secret 100%,');
  });

  it('prints nothing when there is nothing to annotate', () => {
    const clean = analyzeManifests([
      {
        name: 'class.yaml',
        text: 'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: a}\nspec: {controllerName: example.com/x}\n',
      },
    ]);
    expect(renderGithub(clean, CWD)).toBe('');
  });
});
