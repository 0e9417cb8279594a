/**
 * The hub's log of published events, for resuming streams: a client that reconnects with the id of
 * the last event it got is sent what it missed while the log still holds it. The log keeps at most
 * `size` events and `chars` characters of frames, dropping the oldest first.
 */
export interface LoggedEvent {
  readonly revision: number;
  readonly frame: Buffer;
}

export class RevisionLog<Event extends LoggedEvent> {
  private readonly events: Event[] = [];
  private readonly size: number;
  private readonly chars: number;
  /** Characters of the frames in `events`. */
  private loggedChars = 0;

  constructor({ size, chars }: { readonly size: number; readonly chars: number }) {
    this.size = size;
    this.chars = chars;
  }

  add(event: Event): void {
    const events = this.events;
    events.push(event);
    this.loggedChars += event.frame.length;
    let drop = 0;
    while (drop < events.length && (events.length - drop > this.size || this.loggedChars > this.chars)) {
      this.loggedChars -= events[drop]!.frame.length;
      drop++;
    }
    if (drop > 0) events.splice(0, drop);
  }

  /**
   * Events after `revision` up to `current`, or undefined when the log no longer holds them all
   * (the client then needs a snapshot).
   */
  since(revision: number, current: number): Event[] | undefined {
    if (revision === current) return [];
    if (revision > current || revision < 0) return undefined;
    const oldest = this.events[0]?.revision;
    if (oldest === undefined || revision < oldest - 1) return undefined;
    return this.events.filter((event) => event.revision > revision);
  }
}
