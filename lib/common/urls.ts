/**
 * The URL a value spells when it is an absolute http(s) URL with no whitespace or double quote in it (both would
 * break the YAML, Markdown and templates it lands in); otherwise undefined.
 */
export function parseHttpUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string' || /[\s"]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}
