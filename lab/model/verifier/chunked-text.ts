/**
 * A string kept as the list of pieces appended to it, for the log buffers: appending, cutting the
 * end back (a log reset) and dropping the start (a rotating log) cost the size of the change, not
 * of the whole text. (A JS string built with `+=` and cut with `slice` is flattened on every cut:
 * quadratic for a level-2 log, whose state lines reset the end once per instruction.)
 */
export class ChunkedText {
  private parts: string[] = [];
  /** index of the first part still in the text */
  private first = 0;
  /** characters of parts[first] already dropped from the start */
  private skip = 0;
  /** the text's length */
  length = 0;

  append(piece: string): void {
    if (piece.length === 0) return;
    this.parts.push(piece);
    this.length += piece.length;
  }

  /** Keep the first n characters. */
  truncate(n: number): void {
    let drop = this.length - n;
    if (drop <= 0) return;
    this.length = Math.max(0, n);
    while (drop > 0 && this.parts.length > this.first) {
      const at = this.parts.length - 1;
      const last = this.parts[at]!;
      const avail = at === this.first ? last.length - this.skip : last.length;
      if (avail <= drop) {
        this.parts.pop();
        drop -= avail;
        if (at === this.first) this.skip = 0;
      } else {
        this.parts[at] = last.slice(0, last.length - drop);
        drop = 0;
      }
    }
  }

  /** Keep the last n characters. */
  keepLast(n: number): void {
    let drop = this.length - n;
    if (drop <= 0) return;
    this.length = Math.max(0, n);
    while (drop > 0 && this.first < this.parts.length) {
      const avail = this.parts[this.first]!.length - this.skip;
      if (avail <= drop) {
        drop -= avail;
        this.first++;
        this.skip = 0;
      } else {
        this.skip += drop;
        drop = 0;
      }
    }
    if (this.first > 1024 && this.first * 2 > this.parts.length) {
      this.parts = this.parts.slice(this.first);
      this.first = 0;
    }
  }

  toString(): string {
    const all = (this.first === 0 ? this.parts : this.parts.slice(this.first)).join("");
    return this.skip === 0 ? all : all.slice(this.skip);
  }
}
