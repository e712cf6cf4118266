import { createReadStream } from 'node:fs';

export interface Line {
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  /** The line without its "\n"; a view into a read chunk, so copy it to keep it. */
  bytes: Buffer;
}

/**
 * The complete lines in the first `end` bytes of a file, read in 1 MB chunks.
 * Faster than readline because it never decodes bytes the caller does not ask for.
 */
export async function* readLines(file: string, end: number): AsyncGenerator<Line> {
  if (end <= 0) return;
  const stream = createReadStream(file, { start: 0, end: end - 1, highWaterMark: 1 << 20 });
  let carry: Buffer | undefined;
  let base = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, start)) {
      if (nl > start) yield { offset: base + start, bytes: buf.subarray(start, nl) };
      start = nl + 1;
    }
    carry = start < buf.length ? buf.subarray(start) : undefined;
    base += start;
  }
}
