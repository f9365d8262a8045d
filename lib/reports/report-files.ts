import { basename, dirname, extname, join } from 'node:path';
import { mdText } from '../common/markdown';
import { svgToPng } from './png';

/** One file of a report. */
export interface ReportFile {
  /** Where it goes. */
  readonly path: string;
  /** Text (Markdown, SVG) or bytes (PNG). */
  readonly content: string | Uint8Array;
}

/**
 * A Markdown report and the charts it shows, written side by side: `report.md`, `report.forecast-1.svg`
 * (and `.png` where a renderer is installed). Charts are linked by relative name, so the folder can be
 * committed or attached to a pull request as it is.
 */
export class ReportBundle {
  private readonly charts: ReportFile[] = [];
  private readonly stem: string;
  private readonly dir: string;

  constructor(
    /** Path of the Markdown file. */
    public readonly markdownPath: string,
    /** Make PNG copies where a renderer is installed. */
    private readonly png: boolean = true,
  ) {
    this.dir = dirname(markdownPath);
    const base = basename(markdownPath);
    this.stem = base.slice(0, base.length - extname(base).length) || 'report';
  }

  /** Adds a chart and returns the Markdown that shows it (the SVG, with a link to the PNG when there is one). */
  public chart(name: string, alt: string, svg: string): string {
    // Plain names only, so the Markdown link needs no escaping whatever --out was called.
    const file = `${this.stem}.${name}`.replace(/[^a-zA-Z0-9_.-]+/g, '-');
    this.charts.push({ path: join(this.dir, `${file}.svg`), content: svg });
    const png = this.png ? svgToPng(svg) : undefined;
    if (png) this.charts.push({ path: join(this.dir, `${file}.png`), content: png });
    const image = `![${mdText(alt)}](${file}.svg)`;
    return png ? `${image}\n\n[PNG](${file}.png)` : image;
  }

  /** Every file, charts first: a reader of the Markdown never finds a chart missing. */
  public files(markdown: string): ReportFile[] {
    return [...this.charts, { path: this.markdownPath, content: markdown }];
  }
}
