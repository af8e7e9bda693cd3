/**
 * A Map that forgets its oldest entries past `capacity`: what the metrics remember about tasks
 * (when each started, who asked to cancel it) must stay bounded whatever changes go missing.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly capacity: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.capacity) {
      const oldest = this.keys().next();
      if (oldest.done !== true) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}
