/** A reader of a Server-Sent Events stream, for tests: events as they come, and the comments. */
export interface StreamEvent {
  id?: string;
  event: string;
  data: any;
}

export class EventStream {
  readonly events: StreamEvent[] = [];
  readonly comments: string[] = [];
  status = 0;
  private readonly controller = new AbortController();
  private buffer = '';
  private waiters: (() => void)[] = [];
  ended = false;

  static async open(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
    const stream = new EventStream();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: stream.controller.signal });
    stream.status = res.status;
    if (res.status !== 200 || res.body === null) {
      stream.ended = true;
      stream.comments.push(await res.text());
      return stream;
    }
    void stream.pump(res.body);
    return stream;
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) {
        this.buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) !== -1) {
          this.parse(this.buffer.slice(0, end));
          this.buffer = this.buffer.slice(end + 2);
        }
        this.wake();
      }
    } catch {
      // aborted
    }
    this.ended = true;
    this.wake();
  }

  private parse(block: string): void {
    const event: StreamEvent = { event: 'message', data: undefined };
    let data: string | undefined;
    let any = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('id: ')) { event.id = line.slice(4); any = true; }
      else if (line.startsWith('event: ')) { event.event = line.slice(7); any = true; }
      else if (line.startsWith('data: ')) { data = line.slice(6); any = true; }
    }
    if (!any || data === undefined) return;
    event.data = JSON.parse(data);
    this.events.push(event);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Waits until `check` holds over what came so far, or fails after the deadline. */
  async until<T>(check: () => T | undefined, what: string, deadlineMs = 20_000): Promise<T> {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      if (this.ended) throw new Error(`stream ended before ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  /** The events about one task, in order. */
  of(id: number): StreamEvent[] {
    return this.events.filter((e) => e.data?.id === id);
  }

  close(): void {
    this.controller.abort();
  }
}
