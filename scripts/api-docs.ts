import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Writes API.md from the TSDoc with TypeDoc and typedoc-plugin-markdown (one page per entry point,
 * joined into one file). With `--check`, fails when API.md differs from what the sources give.
 */
const MODULES = [
  { file: 'index.md', title: '`sre-constructs` (core)' },
  { file: 'cdk8s.md', title: '`sre-constructs/cdk8s`' },
  { file: 'pulumi.md', title: '`sre-constructs/pulumi`' },
];

function render(): string {
  const out = mkdtempSync(join(tmpdir(), 'sre-constructs-api-'));
  try {
    execFileSync(process.execPath, [join(process.cwd(), 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out, '--logLevel', 'Warn', '--treatWarningsAsErrors'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const parts = MODULES.map(({ file, title }) => {
      return readFileSync(join(out, file), 'utf8')
        // Every heading moves one level down, under the entry point's own heading.
        .replace(/^(#{1,5}) /gm, '$1# ')
        .replace(/^## .*\n/, `## ${title}\n`)
        // One file now: cross-page links become in-page anchors.
        .replace(/\]\((?:index|cdk8s|pulumi)\.md#/g, '](#');
    });
    const toc = MODULES.map(({ title }) => `- ${title}`).join('\n');
    return `# API reference\n\nGenerated from the TSDoc by \`npm run docs\`; do not edit by hand.\n\n${toc}\n\n${parts.join('\n')}`.replace(/\n{3,}/g, '\n\n');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

let generated: string;
try {
  generated = render();
} catch {
  // TypeDoc has printed its warnings and errors above.
  console.error('API.md was not generated: fix the TypeDoc problems above.');
  process.exit(1);
}
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync('API.md', 'utf8');
  } catch {
    /* missing counts as stale */
  }
  if (current !== generated) {
    console.error('API.md is stale: the TSDoc changed. Run `npm run docs` and commit API.md.');
    process.exit(1);
  }
  console.log('API.md is current.');
} else {
  writeFileSync('API.md', generated);
  console.log('API.md written.');
}
