import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { SpecError } from '../common/errors';
import { ReadinessFileContent, isReadinessFile, packNamed, readReadinessFile, readinessFileContent, reviewPropsFromFile } from '../readiness/file';
import type { ManifestSource } from '../readiness/model/objects';
import { ReadinessPack } from '../readiness/pack';
import { ReadinessReviewDefinition } from '../readiness/review';
import { CliIO, EXIT, InputError, UsageError } from './io';

export const REVIEW_HELP = `Usage: sre-constructs review DIR [--pack NAME] [--attestations FILE] [--as-of DATE]
                            [--json] [--out report.md]

Reads every YAML document under DIR (what cdk8s synth or npm run synth writes:
Kubernetes objects, plain Prometheus rule files, Alertmanager configurations)
and runs a production readiness pack over them. Prints the checklist with
pass, fail or acknowledged per item, and why.

Options:
  --pack NAME            seed-checklist (default: the seed's Production Readiness
                         Checklist and Quality Checks), or a pack the readiness
                         file defines.
  --attestations FILE    The readiness file (kind ReadinessReview): attestations,
                         acknowledgements, packs. Default: a readiness file found
                         under DIR, if any.
  --as-of DATE           Review as of this day (YYYY-MM-DD); attestation ages are
                         counted to it. Default: today.
  --json                 Print the report as JSON instead of the checklist.
  --out FILE             Also write the report as Markdown, for a pull request.
  -h, --help             This help.

Exit status: 0 no error-level item fails, 1 one fails or the input is wrong,
2 usage error.
`;

/** `sre-constructs review`. */
export function review(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      pack: { type: 'string', default: ReadinessPack.SEED_CHECKLIST },
      attestations: { type: 'string' },
      'as-of': { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(REVIEW_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'review needs a DIR of manifests' : `review takes one DIR, not ${positionals.length}`);
  const dir = positionals[0];
  try {
    const { sources, file: found } = readTree(dir, io);
    const file = values.attestations !== undefined ? readReadinessFile(readText(values.attestations, io), values.attestations) : found;
    const pack = packNamed(values.pack!, file);
    if (!pack) throw new UsageError(`--pack ${JSON.stringify(values.pack)} is not a pack: use ${[ReadinessPack.SEED_CHECKLIST, ...(file?.packs.keys() ?? [])].join(', ')}`);
    const report = ReadinessReviewDefinition.create(reviewPropsFromFile(file, pack, values['as-of']), values.attestations ?? dir).review(sources);
    if (values.out !== undefined) io.writeFile(values.out, report.markdown());
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : report.text());
    return report.passed ? EXIT.ok : EXIT.invalid;
  } catch (e) {
    if (e instanceof SpecError) throw new InputError(e.message);
    throw e;
  }
}

/** Every YAML document under `dir`, in path order, and the readiness file among them if there is one. */
function readTree(dir: string, io: CliIO): { sources: ManifestSource[]; file?: ReadinessFileContent } {
  let files: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new InputError(`${dir}: not a directory; give the folder the manifests were written to (e.g. dist/cdk8s)`);
    files = yamlFiles(dir);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${dir}: cannot read the folder (${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (e as Error).message})`);
  }
  if (files.length === 0) throw new InputError(`${dir}: no YAML files (*.yaml, *.yml) in it or below it; run the synth first`);
  const sources: ManifestSource[] = [];
  let file: ReadinessFileContent | undefined;
  for (const path of files) {
    const name = relative(dir, path) || path;
    const docs = parseAllDocuments(readText(path, io));
    docs.forEach((doc, i) => {
      if (doc.errors.length > 0) {
        const e = doc.errors[0];
        const line = e.linePos?.[0]?.line;
        throw new InputError(`${path}: ${line !== undefined ? `line ${line}: ` : ''}not valid YAML (${e.message.split('\n')[0]})`);
      }
      const manifest: unknown = doc.toJS();
      if (manifest === null || manifest === undefined) return;
      const origin = docs.length > 1 ? `${name}#${i + 1}` : name;
      if (isReadinessFile(manifest)) {
        if (file) throw new InputError(`${path}: a second readiness file under ${dir}; keep one, or pass --attestations`);
        file = readinessFileContent(manifest, origin);
      } else {
        sources.push({ manifest, origin });
      }
    });
  }
  if (sources.length === 0) throw new InputError(`${dir}: its YAML files hold no manifests (every document is empty)`);
  return { sources, file };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return yamlFiles(path);
      return e.isFile() && /\.ya?ml$/.test(e.name) ? [path] : [];
    });
}

function readText(path: string, io: CliIO): string {
  try {
    return io.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: cannot read it (${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message})`);
  }
}
