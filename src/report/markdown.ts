/** Escaping for text that comes from users or AWS and goes into Markdown / HTML (the job summary). Pure. */

/** Neutralises HTML and Markdown control characters so the text shows as written. */
export function escapeMd(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*[\]#|~])/g, '\\$1')
      // `_` only starts emphasis at a word boundary (GFM): escape those, keep FLINK-1_20 readable
      .replace(/(^|[^\p{L}\p{N}])_|_(?=[^\p{L}\p{N}]|$)/gu, (_match, before: string | undefined) =>
        before !== undefined ? `${before}\\_` : '\\_',
      )
      .replace(/^(\s*)([-+]|\d+\.)(\s)/gm, '$1\\$2$3')
  );
}

/** One table cell: escaped, on one line, bounded. */
export function cell(text: string | number | undefined, max = 300): string {
  if (text === undefined || text === '') return '—';
  const one = String(text).replace(/\s*\r?\n\s*/g, ' ');
  const cut = one.length > max ? `${one.slice(0, max - 1)}…` : one;
  return escapeMd(cut);
}

/** Inline code for identifiers (keys, names): backticks inside are replaced, HTML escaped. */
export function code(text: string): string {
  const safe = text
    .replace(/`/g, "'")
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  return `\`${safe}\``;
}

export function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Cuts text to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateBytes(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  const buf = Buffer.from(text, 'utf8').subarray(0, maxBytes);
  // drop a partial trailing character
  return buf.toString('utf8').replace(/\uFFFD$/, '');
}
