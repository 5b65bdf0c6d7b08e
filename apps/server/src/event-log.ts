/** One event of the live stream. `id` increases by one per event, from 1, for the server's life. */
export interface ServerEvent {
  id: number;
  /** `library` (a model added, updated, removed ...), `progress`, `download`, `job`, `reset`. */
  type: string;
  data: unknown;
}

export type EventListener = (event: ServerEvent) => void;

/**
 * The server's events in order, with the last `capacity` kept (a ring buffer) so that a client
 * that reconnects with `Last-Event-ID` gets what it missed. Listeners are called synchronously.
 */
export class EventLog {
  readonly #capacity: number;
  readonly #ring: ServerEvent[] = [];
  /** Index in #ring of the oldest event once the ring is full. */
  #start = 0;
  #lastId = 0;
  readonly #listeners = new Set<EventListener>();

  constructor(capacity = 1000) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`event log capacity must be a whole number >= 1, got ${capacity}`);
    }
    this.#capacity = capacity;
  }

  /** The id of the newest event, 0 before the first. */
  get lastId(): number {
    return this.#lastId;
  }

  publish(type: string, data: unknown): ServerEvent {
    const event: ServerEvent = { id: ++this.#lastId, type, data };
    if (this.#ring.length < this.#capacity) this.#ring.push(event);
    else {
      this.#ring[this.#start] = event;
      this.#start = (this.#start + 1) % this.#capacity;
    }
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure (a closed socket) is its own; the others still get the event.
      }
    }
    return event;
  }

  /**
   * Events after `lastId`, oldest first; `complete` is false when some of them have already left
   * the buffer (the client should then reload its state).
   */
  since(lastId: number): { events: ServerEvent[]; complete: boolean } {
    if (lastId >= this.#lastId) return { events: [], complete: lastId === this.#lastId };
    const ordered = [...this.#ring.slice(this.#start), ...this.#ring.slice(0, this.#start)];
    const oldest = ordered[0]?.id ?? this.#lastId + 1;
    return { events: ordered.filter((e) => e.id > lastId), complete: lastId >= oldest - 1 };
  }

  /** Calls `listener` with each new event. Returns a function that unsubscribes. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** How many listeners are subscribed (open event streams among them). */
  get listenerCount(): number {
    return this.#listeners.size;
  }
}
