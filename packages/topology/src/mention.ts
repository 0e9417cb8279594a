/**
 * Objects that a message names. Messages are prose for the reader; a mention records which
 * object a part of the prose names, so that a view that may not see that object (a share link)
 * can put what the object is in place of its name without reading the prose back.
 */
import { parseObjectKey, type ObjectKey } from './object-key.ts';

export interface Mention {
  /** The object named. */
  readonly key: ObjectKey;
  /**
   * The exact words of the message that name it, e.g. `GRPCRoute team-b/api`, or
   * `listener "web" of ListenerSet team-b/edge` when `listener` is set.
   */
  readonly text: string;
  /** The words name this listener of the object, not only the object. */
  readonly listener?: string;
}

/** `<Kind> <namespace>/<name>` (or `<Kind> <name>`): how messages name an object. */
export function objectLabel(key: ObjectKey): string {
  const { kind, namespace, name } = parseObjectKey(key);
  return namespace === undefined ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
}

/** A mention of an object named as messages name it (see `objectLabel`). */
export function mentionObject(key: ObjectKey): Mention {
  return { key, text: objectLabel(key) };
}

/** A mention of a listener of an object: `listener "<name>" of <Kind> <namespace>/<name>`. */
export function mentionListener(key: ObjectKey, listener: string): Mention {
  return { key, listener, text: `listener "${listener}" of ${objectLabel(key)}` };
}
