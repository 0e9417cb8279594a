/**
 * writeJson must write exactly what JSON.stringify(document, null, 2) writes, whatever the
 * document holds and however its arrays fall across slices.
 */
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeJson } from './write-json.ts';

function collector(highWaterMark = 16) {
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      setImmediate(done);
    },
  });
  // Everything written reaches write() by the time the stream finishes.
  const text = async () => {
    await new Promise<void>((resolve) => stream.end(resolve));
    return chunks.join('');
  };
  return { stream, text };
}

describe('writeJson', () => {
  it('writes the bytes JSON.stringify writes, with a newline', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.string(),
          fc.oneof(
            fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }),
            fc.jsonValue({ maxDepth: 3 }),
            fc.constant(undefined),
          ),
          { maxKeys: 4 },
        ),
        async (document) => {
          const out = collector();
          await writeJson(out.stream, document);
          expect(await out.text()).toBe(`${JSON.stringify(document, null, 2)}\n`);
        },
      ),
    );
  });

  it('writes arrays longer than a slice whole, in order', async () => {
    const document = {
      nodes: Array.from({ length: 2503 }, (_, index) => ({ id: `n${index}`, tags: [index, 'a\nb'] })),
      edges: [],
      findings: [undefined, null, 'x'],
    };
    const out = collector();
    await writeJson(out.stream, document);
    expect(await out.text()).toBe(`${JSON.stringify(document, null, 2)}\n`);
  });
});
