/**
 * Markdown for the documents this library writes (runbooks, DR runbooks, experiment cards, postmortem
 * templates, reports). Every user string goes through one of these, so a name or a description can never
 * open a link, a heading, an HTML tag or a table cell of its own.
 */

/** Inline text: Markdown and HTML punctuation escaped, line breaks folded into spaces. */
export function mdText(text: string): string {
  return String(text)
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/^([-=])/, '\\$1')
    .replace(/^(\d+)\./, '$1\\.');
}

/** An inline code span whose fence is longer than any run of backticks inside it. */
export function mdCode(text: string): string {
  const body = String(text).replace(/\r\n?|\n/g, ' ');
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || body === '' ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any run of backticks inside it. */
export function mdCodeBlock(text: string, language = ''): string {
  const body = String(text).replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const longest = Math.max(2, ...[...body.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const lang = /^[a-zA-Z0-9_+-]*$/.test(language) ? language : '';
  return `${fence}${lang}\n${body}\n${fence}`;
}

/** A link; only absolute http(s) URLs become links, anything else is shown as text. */
export function mdLink(text: string, url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) return `${mdText(text)} (${mdCode(url)})`;
  return `[${mdText(text)}](<${parsed.href.replace(/[<>\s]/g, encodeURIComponent)}>)`;
}

/** A heading of `level` (1 to 6) with escaped text. */
export function mdHeading(level: number, text: string): string {
  const n = Math.min(6, Math.max(1, Math.floor(level)));
  return `${'#'.repeat(n)} ${mdText(text)}`;
}

/** A table; cells are given as Markdown already (use {@link mdText} or {@link mdCode} on user strings). */
export function mdTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const cell = (c: string) => String(c).replace(/\r\n?|\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** A bulleted list of Markdown items. */
export function mdList(items: readonly string[]): string {
  return items.map((i) => `- ${i}`).join('\n');
}

/** A numbered list of Markdown items. */
export function mdNumbered(items: readonly string[]): string {
  return items.map((item, i) => `${i + 1}. ${item}`).join('\n');
}

/** A task-list item: `- [x] text` or `- [ ] text`. */
export function mdTask(done: boolean, text: string): string {
  return `- [${done ? 'x' : ' '}] ${text}`;
}

/** Joins blocks with one blank line between them and ends the document with a newline. */
export function mdDocument(blocks: ReadonlyArray<string | undefined | false>): string {
  return `${blocks.filter((b): b is string => typeof b === 'string' && b !== '').join('\n\n')}\n`;
}
