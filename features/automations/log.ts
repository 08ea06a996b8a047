/**
 * What the automations remember about their work: runs with a receipt per action (what was called, what came
 * back, the outbox entry and its fate), and business reports. Plain data: it crosses to the options page and
 * the report page as is. No credentials ever; page and contact fields, yes (they are what the agent sees).
 */

import type { SiteId } from '../../lib/host-page/sites/types.ts';
import type { ErrorView } from '../../lib/messaging/reply.ts';
import type { PlannedCall } from './calls.ts';
import type { ActionType, TriggerType } from './model.ts';
import type { AutomationWriteOp, OutboxStatus } from './ports.ts';

export type RunStatus = 'running' | 'done' | 'partial' | 'failed' | 'skipped';

export type ReceiptStatus = 'done' | 'queued' | 'saved' | 'failed' | 'skipped';

export interface AutomationWriteReceipt {
  opKind: AutomationWriteOp['kind'];
  call: PlannedCall;
  dedupeKey: string;
  entryId: string;
  status: OutboxStatus;
  /** The entry was already there (the same event was seen before): nothing new was queued. */
  reused: boolean;
  traceId?: string;
  contactId?: string;
  taskId?: string;
  error?: ErrorView;
}

export interface PullSummary {
  kind: 'pull';
  contactId: string;
  /** How the contact was found. */
  foundBy: 'link' | 'automation' | 'email' | 'phone' | 'name';
  name: string;
  email?: string;
  phone?: string;
  tags: string[];
  openTasks: number;
  overdueTasks: number;
  /** The first open tasks, soonest due first. */
  tasks: { title: string; dueDate?: string; overdue: boolean }[];
  notes: number;
  recentNotes: { body: string; dateAdded?: string }[];
  lastActivity?: string;
  /** Sections that could not be read. */
  failed: ('tasks' | 'notes')[];
}

export interface ReportReceipt {
  kind: 'report';
  reportId: string;
  business: string;
  contacts: number;
  truncated: boolean;
}

export interface Receipt {
  actionIndex: number;
  action: ActionType;
  status: ReceiptStatus;
  /** One sentence on what happened or why not. */
  message?: string;
  warnings: string[];
  /** Reads made (and, in a dry run, writes that would be queued). */
  calls: PlannedCall[];
  writes: AutomationWriteReceipt[];
  result?: PullSummary | ReportReceipt;
  error?: ErrorView;
}

export interface Run {
  id: string;
  ruleId: string;
  ruleName: string;
  site: SiteId;
  locationId: string | null;
  trigger: { type: TriggerType; hostRecordId: string; label: string };
  tabId?: number;
  startedAt: number;
  finishedAt?: number;
  status: RunStatus;
  /** Why the run as a whole did nothing (not connected, the loop guard…). */
  note?: string;
  warnings: string[];
  receipts: Receipt[];
}

export interface ReportRow {
  contactId: string;
  name: string;
  email?: string;
  phone?: string;
  /** null: the contact's tasks could not be read. */
  openTasks: number | null;
  overdueTasks: number | null;
  nextDue?: string;
  lastActivity?: string;
}

export interface BusinessReport {
  id: string;
  createdAt: number;
  site: SiteId;
  locationId: string;
  business: { name: string; hostId?: string; businessIds: string[] };
  rows: ReportRow[];
  /** More contacts exist than the report's limit. */
  truncated: boolean;
  maxContacts: number;
  ruleId?: string;
  runId?: string;
}

export interface ReportSummary {
  id: string;
  createdAt: number;
  site: SiteId;
  business: string;
  contacts: number;
  truncated: boolean;
}

export function summarizeReport(report: BusinessReport): ReportSummary {
  return {
    id: report.id,
    createdAt: report.createdAt,
    site: report.site,
    business: report.business.name,
    contacts: report.rows.length,
    truncated: report.truncated,
  };
}

/** A receipt's status from its writes: saved when all are, failed when one is, else still queued. */
export function receiptStatusOf(writes: readonly AutomationWriteReceipt[]): ReceiptStatus {
  if (writes.some((write) => write.status === 'failed' || write.status === 'discarded')) return 'failed';
  if (writes.every((write) => write.status === 'saved')) return 'saved';
  return 'queued';
}

/** A run's status from its receipts. */
export function runStatusOf(receipts: readonly Receipt[]): RunStatus {
  const acted = receipts.filter((receipt) => receipt.status !== 'skipped');
  if (acted.length === 0) return 'skipped';
  const failed = acted.filter((receipt) => receipt.status === 'failed').length;
  if (failed === 0) return 'done';
  return failed === acted.length ? 'failed' : 'partial';
}
