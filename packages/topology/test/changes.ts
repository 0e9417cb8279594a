/** Test fixtures as engine changes. */
import { decodeObject, type Change } from '../src/index.ts';

/** The change that adds a fixture object: known kinds as objects, others as unknown objects. */
export function upsert(object: unknown): Change {
  const decoded = decodeObject(object);
  if (!decoded.ok) throw new Error('fixture did not decode');
  return 'value' in decoded
    ? { type: 'upsert', object: decoded.value }
    : { type: 'upsert-unknown', object: decoded.unknown };
}
