/** An incremental reader of the Server-Sent Events format (the WHATWG HTML standard's rules). */

export interface SseEvent {
  /** The event's type: `message` when the stream named none. */
  event: string;
  data: string;
  /** The last event id seen so far, which a reconnect sends as Last-Event-ID. */
  lastEventId: string | undefined;
}

export class SseParser {
  private pending = '';
  private data: string[] = [];
  private type = '';
  private idBuffer: string | undefined;
  lastEventId: string | undefined;
  /** The reconnection delay the stream asked for, if it did. */
  retryMs: number | undefined;

  constructor(lastEventId?: string) {
    this.lastEventId = lastEventId;
    this.idBuffer = lastEventId;
  }

  /** Reads a chunk of the stream; returns the events it completed. */
  push(chunk: string): SseEvent[] {
    let text = this.pending + chunk;
    // A CR at the end may be the first half of a CRLF: wait for the next chunk to tell.
    if (text.endsWith('\r')) {
      this.pending = '\r';
      text = text.slice(0, -1);
    } else {
      this.pending = '';
    }
    const lines = text.split(/\r\n|\r|\n/);
    this.pending = lines.pop()! + this.pending;
    const events: SseEvent[] = [];
    for (const line of lines) {
      const event = this.line(line);
      if (event !== null) events.push(event);
    }
    return events;
  }

  private line(line: string): SseEvent | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event': this.type = value; break;
      case 'data': this.data.push(value); break;
      case 'id': if (!value.includes('\0')) this.idBuffer = value; break;
      case 'retry': if (/^[0-9]+$/.test(value)) this.retryMs = Number(value); break;
      default: break;
    }
    return null;
  }

  private dispatch(): SseEvent | null {
    this.lastEventId = this.idBuffer;
    const type = this.type;
    const data = this.data;
    this.type = '';
    this.data = [];
    if (data.length === 0) return null;
    return { event: type === '' ? 'message' : type, data: data.join('\n'), lastEventId: this.lastEventId };
  }
}
