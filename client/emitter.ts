/** A tiny typed event emitter; a throwing handler is reported and never breaks the client or other handlers. */
export class Emitter<Events extends object> {
  private readonly handlers = new Map<keyof Events, Set<(payload: never) => void>>();

  on<E extends keyof Events>(event: E, handler: (payload: Events[E]) => void): () => void {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler);
    this.handlers.set(event, set);
    return () => void set.delete(handler);
  }

  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    for (const handler of this.handlers.get(event) ?? []) {
      try {
        (handler as (payload: Events[E]) => void)(payload);
      } catch (error) {
        console.error('autorenew: an event handler threw', error);
      }
    }
  }
}
