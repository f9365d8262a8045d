/**
 * PNG copies of the report charts, where a renderer is installed: `@resvg/resvg-js` (an optional peer
 * dependency that ships prebuilt binaries in its npm packages). Without it the reports carry SVG only.
 *
 * @see https://github.com/yisibl/resvg-js
 */

interface ResvgModule {
  readonly Resvg: new (svg: string, options?: object) => { render(): { asPng(): Uint8Array } };
}

let loaded: ResvgModule | null | undefined;

function renderer(): ResvgModule | null {
  if (loaded === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('@resvg/resvg-js') as ResvgModule;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}

/** The SVG as PNG at its own size, or undefined when no renderer is installed. */
export function svgToPng(svg: string): Uint8Array | undefined {
  const resvg = renderer();
  if (!resvg) return undefined;
  return new resvg.Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: '#ffffff' }).render().asPng();
}
