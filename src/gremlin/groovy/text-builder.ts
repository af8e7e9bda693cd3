/** Strings put together from many pieces. */

/**
 * A string made of many pieces (runs, escapes). Joined in chunks: appending one piece at a time
 * with `+=` builds a rope of one cons string per piece, many times the size of the text.
 */
export class TextBuilder {
  private static readonly PIECES_PER_CHUNK = 4096;
  private chunks: string[] = [];
  private pieces: string[] = [];
  private length = 0;

  get empty(): boolean {
    return this.length === 0;
  }

  add(piece: string): void {
    if (piece === '') return;
    this.pieces.push(piece);
    this.length += piece.length;
    if (this.pieces.length === TextBuilder.PIECES_PER_CHUNK) {
      this.chunks.push(this.pieces.join(''));
      this.pieces = [];
    }
  }

  /** The text so far; the builder starts over empty. */
  take(): string {
    const last = this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join('');
    const text = this.chunks.length === 0 ? last : this.chunks.join('') + last;
    this.chunks = [];
    this.pieces = [];
    this.length = 0;
    return text;
  }
}
