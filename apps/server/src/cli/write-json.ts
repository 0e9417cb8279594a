/**
 * Writes `JSON.stringify(document, null, 2)` followed by a newline, in pieces: each top-level
 * array (the nodes, edges and findings of a large analysis, the items of a status List) goes out
 * a slice at a time, so that the whole text, which for 50,000 Routes is 150 MB, is never held in
 * memory at once. The bytes are exactly those of JSON.stringify. Waits for the stream to drain.
 */
const SLICE = 1000;

export async function writeJson(out: NodeJS.WritableStream, document: object): Promise<void> {
  const write = async (text: string) => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  const entries = Object.entries(document).filter(([, value]) => jsonText(value, '') !== undefined);
  if (entries.length === 0) {
    await write('{}\n');
    return;
  }
  await write('{\n');
  for (const [index, [key, value]] of entries.entries()) {
    const end = index === entries.length - 1 ? '\n' : ',\n';
    if (!Array.isArray(value) || value.length === 0) {
      await write(`  ${JSON.stringify(key)}: ${jsonText(value, '  ')!}${end}`);
      continue;
    }
    await write(`  ${JSON.stringify(key)}: [\n`);
    for (let start = 0; start < value.length; start += SLICE) {
      const last = start + SLICE >= value.length;
      const items = value
        .slice(start, start + SLICE)
        .map((item: unknown) => `    ${jsonText(item, '    ') ?? 'null'}`);
      await write(`${items.join(',\n')}${last ? '\n' : ',\n'}`);
    }
    await write(`  ]${end}`);
  }
  await write('}\n');
}

/** JSON.stringify(value, null, 2) as it reads nested at `indent`; undefined where it omits the value. */
function jsonText(value: unknown, indent: string): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  return text === undefined || indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}
