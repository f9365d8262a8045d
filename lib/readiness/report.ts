import { mdCode, mdDocument, mdHeading, mdList, mdText } from '../common/markdown';
import type { ReadinessAcknowledgement } from './acknowledgement';
import type { AttestationDefinition } from './attestation';
import { CHECKLIST_SECTIONS, ChecklistItem } from './checklist';
import { describeObject } from './model/objects';
import type { SkippedDocument } from './model/objects';
import type { ReadinessFinding, ReadinessLevel, ReadinessRule } from './rule';

/** How a rule came out: passed, failed, or failed only where an acknowledgement accepts it. */
export type ReadinessStatus = 'pass' | 'fail' | 'acknowledged';

/** A finding someone accepted. */
export interface AcknowledgedFinding extends ReadinessFinding {
  /** Why it is accepted. */
  readonly reason: string;
}

/** One rule's outcome. */
export interface ReadinessResult {
  /** The rule. */
  readonly rule: ReadinessRule;
  /** Its level in the pack. */
  readonly level: ReadinessLevel;
  /** Outcome. */
  readonly status: ReadinessStatus;
  /** Findings nobody acknowledged. */
  readonly findings: readonly ReadinessFinding[];
  /** Findings acknowledged, with their reasons. */
  readonly acknowledged: readonly AcknowledgedFinding[];
}

/** What the review read. */
export interface ReadinessTreeSummary {
  /** Kubernetes objects. */
  readonly objects: number;
  /** Plain rule files and Alertmanager configurations. */
  readonly plainFiles: number;
  /** Objects seen more than once with the same content. */
  readonly duplicates: number;
  /** Documents not read, and why. */
  readonly skipped: readonly SkippedDocument[];
}

/** What a report is made of. */
export interface ReadinessReportProps {
  /** Pack name. */
  readonly pack: string;
  /** Day of the review. */
  readonly asOf: string;
  /** One result per rule of the pack, in its order. */
  readonly results: readonly ReadinessResult[];
  /** Acknowledgements that matched no finding. */
  readonly unusedAcknowledgements: readonly ReadinessAcknowledgement[];
  /** Attestations for a service the tree does not have (a typo, or a service gone). */
  readonly strayAttestations: readonly AttestationDefinition[];
  /** What was read. */
  readonly tree: ReadinessTreeSummary;
}

/** Counts of a report. */
export interface ReadinessCounts {
  /** Rules that pass. */
  readonly pass: number;
  /** Error-level rules that fail. */
  readonly errors: number;
  /** Warning-level rules that fail. */
  readonly warnings: number;
  /** Rules whose every finding is acknowledged. */
  readonly acknowledged: number;
}

/**
 * The outcome of a review: per rule, pass, fail or acknowledged, and why. Renders as a checklist for a
 * terminal, as Markdown for a pull-request comment, and as JSON.
 */
export class ReadinessReport {
  /** Pack name. */
  public readonly pack: string;
  /** Day of the review (`YYYY-MM-DD`). */
  public readonly asOf: string;
  /** Results, in the pack's order. */
  public readonly results: readonly ReadinessResult[];
  /** Acknowledgements that matched no finding (stale, or for a rule the pack does not run). */
  public readonly unusedAcknowledgements: readonly ReadinessAcknowledgement[];
  /** Attestations for a service the tree does not have. */
  public readonly strayAttestations: readonly AttestationDefinition[];
  /** What was read. */
  public readonly tree: ReadinessTreeSummary;

  constructor(props: ReadinessReportProps) {
    this.pack = props.pack;
    this.asOf = props.asOf;
    this.results = props.results;
    this.unusedAcknowledgements = props.unusedAcknowledgements;
    this.strayAttestations = props.strayAttestations;
    this.tree = props.tree;
  }

  /** True when no error-level rule fails. */
  public get passed(): boolean {
    return this.counts().errors === 0;
  }

  /** How many rules pass, fail (by level) and are acknowledged. */
  public counts(): ReadinessCounts {
    const failing = this.results.filter((r) => r.status === 'fail');
    return {
      pass: this.results.filter((r) => r.status === 'pass').length,
      errors: failing.filter((r) => r.level === 'error').length,
      warnings: failing.filter((r) => r.level === 'warning').length,
      acknowledged: this.results.filter((r) => r.status === 'acknowledged').length,
    };
  }

  /** The open findings of error-level rules, as one line each: what cdk8s validation and the policy pack report. */
  public errorMessages(): string[] {
    return this.results
      .filter((r) => r.status === 'fail' && r.level === 'error')
      .flatMap((r) => r.findings.map((f) => `${r.rule.id} ${r.rule.title}: ${findingText(f)}`));
  }

  /** One paragraph: the outcome and the counts. */
  public summary(): string {
    const c = this.counts();
    const outcome = c.errors > 0 ? `FAILED: ${c.errors} error-level item${c.errors === 1 ? ' fails' : 's fail'}` : 'PASSED';
    const rest = [c.warnings > 0 ? `${c.warnings} warning${c.warnings === 1 ? '' : 's'}` : undefined, `${c.pass} pass`, `${c.acknowledged} acknowledged`].filter((s) => s);
    return `${outcome}; ${rest.join(', ')}.`;
  }

  /** The report as plain text for a terminal: the checklist, section by section, with the findings under each failing rule. */
  public text(): string {
    const lines = [
      `Production readiness review: pack ${this.pack}, as of ${this.asOf}`,
      `Read ${this.readSummary()}.`,
      '',
    ];
    for (const [section, results] of this.bySection()) {
      lines.push(section);
      for (const r of results) {
        const tag = { pass: 'pass', fail: 'FAIL', acknowledged: 'ack ' }[r.status];
        lines.push(`  ${tag}  ${r.rule.id.padEnd(11)}  ${r.rule.title}${r.status === 'fail' ? ` [${r.level}]` : ''}`);
        for (const f of r.findings) lines.push(`        ${findingText(f)}`);
        for (const f of r.acknowledged) lines.push(`        ${findingText(f)}`, `          acknowledged: ${f.reason}`);
      }
      lines.push('');
    }
    for (const note of this.notes()) lines.push(`note: ${note}`);
    lines.push(`Result: ${this.summary()}`);
    return `${lines.join('\n')}\n`;
  }

  /**
   * The report as Markdown for a pull-request comment: what fails (with the fix), what is acknowledged (with
   * the reason), then the seed's checklist with each item ticked or not, folded.
   */
  public markdown(): string {
    const failing = this.results.filter((r) => r.status === 'fail').sort((a, b) => (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1));
    const acknowledged = this.results.filter((r) => r.acknowledged.length > 0);
    const ruleLine = (r: ReadinessResult, suffix: string) => `- ${mdCode(r.rule.id)} ${mdText(r.rule.title)}${suffix} (${mdText(`${r.rule.checklist.section}: ${r.rule.checklist.item}`)})`;
    const blocks: Array<string | undefined> = [
      mdHeading(2, `Production readiness: ${this.pack}`),
      `**${mdText(this.summary())}** Reviewed as of ${mdText(this.asOf)}; read ${mdText(this.readSummary())}.`,
    ];
    if (failing.length > 0) {
      blocks.push(mdHeading(3, 'Fails'), failing.flatMap((r) => [ruleLine(r, `, ${r.level}`), ...r.findings.map((f) => `  - ${findingMarkdown(f)}`)]).join('\n'));
    }
    if (acknowledged.length > 0) {
      blocks.push(
        mdHeading(3, 'Acknowledged'),
        acknowledged.flatMap((r) => [ruleLine(r, ''), ...r.acknowledged.map((f) => `  - ${findingMarkdown(f)} *Acknowledged:* ${mdText(f.reason)}`)]).join('\n'),
      );
    }
    const checklist: string[] = [];
    for (const [section, results] of this.bySection()) {
      checklist.push(mdHeading(4, section), '');
      for (const [item, itemResults] of groupByItem(results)) {
        checklist.push(`- [${itemResults.every((r) => r.status !== 'fail') ? 'x' : ' '}] ${mdText(item.item)}`);
        for (const r of itemResults) checklist.push(`  - ${mdCode(r.rule.id)} ${mdText(r.rule.title)}: ${{ pass: 'passes', fail: 'fails', acknowledged: 'acknowledged' }[r.status]}`);
      }
      checklist.push('');
    }
    blocks.push(`<details><summary>The checklist, item by item</summary>\n\n${checklist.join('\n').trimEnd()}\n\n</details>`);
    const notes = this.notes();
    if (notes.length > 0) blocks.push(mdList(notes.map((n) => `${mdText(n)}.`)));
    return mdDocument(blocks);
  }

  /** The report as a JSON-ready value. */
  public toJSON(): object {
    const finding = (f: ReadinessFinding) => ({ object: f.object ? describeObject(f.object) : null, subject: f.subject ?? null, problem: f.problem, fix: f.fix });
    return {
      pack: this.pack,
      asOf: this.asOf,
      passed: this.passed,
      counts: this.counts(),
      tree: { objects: this.tree.objects, plainFiles: this.tree.plainFiles, duplicates: this.tree.duplicates, skipped: this.tree.skipped },
      results: this.results.map((r) => ({
        id: r.rule.id,
        title: r.rule.title,
        section: r.rule.checklist.section,
        item: r.rule.checklist.item,
        level: r.level,
        status: r.status,
        findings: r.findings.map(finding),
        acknowledged: r.acknowledged.map((f) => ({ ...finding(f), reason: f.reason })),
      })),
      unusedAcknowledgements: this.unusedAcknowledgements,
      notes: this.notes(),
    };
  }

  /** What a reader should know besides the results: stale acknowledgements, stray attestations, skipped documents. */
  public notes(): string[] {
    return [
      ...this.unusedAcknowledgements.map((a) => `the acknowledgement of ${ackTarget(a)} matched no finding`),
      ...this.strayAttestations.map((a) => `the attestation of ${a.item} by ${a.by} names service ${a.service}, which the tree does not have`),
      ...this.tree.skipped.map((s) => `skipped ${s.origin}: it ${s.why}`),
    ];
  }

  private readSummary(): string {
    const t = this.tree;
    return [
      `${t.objects} object${t.objects === 1 ? '' : 's'}`,
      t.plainFiles > 0 ? `${t.plainFiles} plain file${t.plainFiles === 1 ? '' : 's'}` : undefined,
      t.duplicates > 0 ? `${t.duplicates} duplicate${t.duplicates === 1 ? '' : 's'} read once` : undefined,
      t.skipped.length > 0 ? `${t.skipped.length} document${t.skipped.length === 1 ? '' : 's'} skipped` : undefined,
    ]
      .filter((s) => s)
      .join(', ');
  }

  private bySection(): Array<[string, ReadinessResult[]]> {
    const sections: string[] = [...CHECKLIST_SECTIONS];
    return sections.map((s): [string, ReadinessResult[]] => [s, this.results.filter((r) => r.rule.checklist.section === s)]).filter(([, rs]) => rs.length > 0);
  }
}

function groupByItem(results: readonly ReadinessResult[]): Array<[ChecklistItem, ReadinessResult[]]> {
  const out: Array<[ChecklistItem, ReadinessResult[]]> = [];
  for (const r of results) {
    const group = out.find(([item]) => item.item === r.rule.checklist.item);
    if (group) group[1].push(r);
    else out.push([r.rule.checklist, [r]]);
  }
  return out;
}

/** A finding as one line: `Deployment identity/x (container app): it has no memory limit. Fix: ...` */
export function findingText(f: ReadinessFinding): string {
  const where = [f.object ? describeObject(f.object) : 'the tree', f.subject ? `(${f.subject})` : undefined].filter((s) => s).join(' ');
  return `${where}: ${f.problem}. Fix: ${f.fix}`;
}

function findingMarkdown(f: ReadinessFinding): string {
  const where = [f.object ? mdCode(describeObject(f.object)) : 'The tree', f.subject ? `(${mdText(f.subject)})` : undefined].filter((s) => s).join(' ');
  return `${where}: ${mdText(f.problem)}. *Fix:* ${mdText(f.fix)}`;
}

function ackTarget(a: ReadinessAcknowledgement): string {
  return [a.rule, a.object, a.subject ? `(${a.subject})` : undefined].filter((s) => s).join(' ');
}
