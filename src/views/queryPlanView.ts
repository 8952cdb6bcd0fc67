// The "Query Plan" view: the last explained statement's plan as a tree of operators with their attributes, and the
// server's plan text in a read-only editor beside it.
import * as vscode from 'vscode';
import type { ArrowResult } from '../client';
import { operatorSummary, type OperatorKind, type PlanAttribute, type PlanOperator, type PlanSection } from '../client';

/** A node of the plan tree: a plan section, an operator, or one attribute of an operator. */
export type PlanNode =
  | { kind: 'section'; section: PlanSection }
  | { kind: 'operator'; op: PlanOperator }
  | { kind: 'details'; op: PlanOperator }
  | { kind: 'attribute'; attribute: PlanAttribute }
  | { kind: 'note'; text: string };

/** How many plan texts stay readable in their tabs. */
const KEPT_TEXTS = 20;

/** The scheme of the read-only plan text documents. */
export const PLAN_SCHEME = 'delta-connect-plan';

const ICONS: Record<OperatorKind, string> = {
  scan: 'database', join: 'git-merge', exchange: 'arrow-swap', aggregate: 'symbol-operator', filter: 'filter',
  project: 'symbol-field', sort: 'list-ordered', command: 'edit', group: 'layers', other: 'symbol-event',
};

/** What was explained: the statement, where, and the parsed plan. */
export interface ExplainedPlan {
  statement: string;
  connection: string;
  text: string;
  sections: PlanSection[];
  /** What the plan does not show, first in the tree (a grid's sort done in memory on top of the planned query). */
  note?: string;
}

/** The last query run from SQL whose rows all arrived, with the metrics the server sent at its end (as sent). */
export interface FinishedRun {
  statement: string;
  connection: string;
  metrics?: ArrowResult['metrics'];
}

export class QueryPlanProvider implements vscode.TreeDataProvider<PlanNode>, vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PlanNode | undefined>();
  private readonly textChanged = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly onDidChange = this.textChanged.event;
  private texts = new Map<string, string>();
  private shown: ExplainedPlan | undefined;
  private count = 0;
  /** The last finished run (Show Metrics of the Last Run shows its metrics). */
  lastRun: FinishedRun | undefined;

  /** Shows a plan in the tree; returns the URI of its text document. */
  show(plan: ExplainedPlan): vscode.Uri {
    this.shown = plan;
    this.changed.fire(undefined);
    const uri = vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/Plan ${++this.count}.txt` });
    const head = [plan.connection, ...plan.statement.split('\n'), ...(plan.note ? [plan.note] : [])];
    this.texts.set(uri.toString(), `${head.map((line) => `-- ${line}`).join('\n')}\n\n${plan.text}`);
    // The last few plan texts stay readable; older tabs say to explain again.
    for (const key of [...this.texts.keys()].slice(0, -KEPT_TEXTS)) this.texts.delete(key);
    return uri;
  }

  /** The plan on show, for tests. */
  get current(): ExplainedPlan | undefined {
    return this.shown;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This plan is no longer held: explain the statement again.';
  }

  getChildren(node?: PlanNode): PlanNode[] {
    if (!node) {
      const sections = this.shown?.sections ?? [];
      const note: PlanNode[] = this.shown?.note ? [{ kind: 'note', text: this.shown.note }] : [];
      return [...note, ...(sections.length === 1 ? sections[0].roots.map(operatorNode) : sections.map((section): PlanNode => ({ kind: 'section', section })))];
    }
    if (node.kind === 'section') return node.section.roots.map(operatorNode);
    const attributes = (op: PlanOperator) => op.attributes.map((attribute): PlanNode => ({ kind: 'attribute', attribute }));
    if (node.kind === 'details') return attributes(node.op);
    if (node.kind !== 'operator') return [];
    // An operator over others keeps its attributes in a closed Details node, so the operator tree reads at a glance.
    if (node.op.children.length === 0) return attributes(node.op);
    return [...(node.op.attributes.length ? [{ kind: 'details' as const, op: node.op }] : []), ...node.op.children.map(operatorNode)];
  }

  getTreeItem(node: PlanNode): vscode.TreeItem {
    if (node.kind === 'section') return Object.assign(new vscode.TreeItem(node.section.title, vscode.TreeItemCollapsibleState.Expanded), { iconPath: new vscode.ThemeIcon('layers'), contextValue: 'planSection' });
    if (node.kind === 'attribute') return attributeItem(node.attribute);
    if (node.kind === 'note') return Object.assign(new vscode.TreeItem(node.text), { iconPath: new vscode.ThemeIcon('info'), tooltip: node.text, contextValue: 'planNote' });
    if (node.kind === 'details') return Object.assign(new vscode.TreeItem('Details', vscode.TreeItemCollapsibleState.Collapsed), { description: `${node.op.attributes.length}`, iconPath: new vscode.ThemeIcon('info'), contextValue: 'planDetails' });
    return operatorItem(node.op);
  }

  dispose(): void {
    this.changed.dispose();
    this.textChanged.dispose();
    this.texts.clear();
  }
}

function operatorNode(op: PlanOperator): PlanNode {
  return { kind: 'operator', op };
}

function operatorItem(op: PlanOperator): vscode.TreeItem {
  // Operators open: a leaf (a scan) shows its attributes, filters and location, at once.
  const state = op.children.length > 0 || op.attributes.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(`${op.name}${op.id !== undefined ? ` (${op.id})` : ''}`, state);
  item.description = operatorSummary(op);
  item.iconPath = new vscode.ThemeIcon(ICONS[op.kind]);
  item.contextValue = `planOperator.${op.kind}`;
  const tooltip = new vscode.MarkdownString();
  tooltip.appendText(`${op.name}${op.codegen ? ' (whole-stage codegen)' : ''}\n`);
  for (const a of op.attributes) tooltip.appendText(`${a.key}: ${a.value.length > 400 ? `${a.value.slice(0, 399)}…` : a.value}\n`);
  item.tooltip = tooltip;
  return item;
}

function attributeItem(a: PlanAttribute): vscode.TreeItem {
  const item = new vscode.TreeItem(a.key, vscode.TreeItemCollapsibleState.None);
  item.description = a.value.replace(/\s*\n\s*/g, ' ');
  item.tooltip = a.value;
  item.iconPath = new vscode.ThemeIcon('symbol-property');
  item.contextValue = 'planAttribute';
  return item;
}
