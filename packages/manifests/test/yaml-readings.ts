/**
 * What the YAML reading tests share: the whole-text reading every sliced reading must equal, and
 * arbitrary YAML values, among them scalars that YAML readers are known to tell apart differently.
 */
import fc from 'fast-check';
import { parseManifests } from '../src/parse-manifests.ts';

/** The whole-text reading: a directive in front keeps the List from being cut into slices. */
export function whole(text: string, file: string) {
  const parsed = parseManifests(`%YAML 1.2\n---\n${text}`, file);
  const back = (source: { file: string; line: number }) => ({ file: source.file, line: source.line - 2 });
  return {
    documents: parsed.documents.map((document) => ({ source: back(document.source), value: document.value })),
    errors: parsed.errors.map((error) => ({ ...error, source: back(error.source) })),
  };
}

export const yamlText = fc.string({
  unit: fc.constantFrom(
    'a',
    'b',
    ' ',
    '-',
    ':',
    '#',
    '"',
    "'",
    '\n',
    'items',
    '---',
    '|',
    '>',
    '&x',
    '*x',
    '{',
    '[',
  ),
});
// Strings and numbers that YAML readers are known to tell apart differently.
const trickyScalar = fc.oneof(
  fc.constantFrom(
    '0b11',
    '-0x1',
    '+.5',
    '-0',
    '.inf',
    '-.Inf',
    '.NaN',
    '1_000',
    '0o17',
    '0x1F',
    '012',
    '09',
    'True',
    'TRUE',
    'yes',
    'on',
    '~',
    'null',
    'Null',
    '2001-12-14',
    '1e3',
    '1E3',
    '.5',
    '-.5',
    '+12',
    '1:20',
    '=',
    '<<',
    '0.',
  ),
  fc.double(),
  fc.constantFrom(-0, 1e21, 1e-7, 0.1),
);
export const yamlValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    yamlText,
    trickyScalar,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    tie('object'),
    fc.array(tie('value'), { maxLength: 3 }),
  ),
  object: fc.dictionary(fc.oneof(yamlText, fc.constant('items'), fc.constant('kind')), tie('value'), {
    maxKeys: 4,
  }),
})).value;
