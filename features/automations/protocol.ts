/**
 * The automations' messages, part of the whole ProtocolMap (lib/background/protocol.ts). Extension pages manage
 * rules, dry runs, runs and reports; content scripts only report host events ('host.event'). Each payload's type
 * is inferred from its schema (payloads.ts, imported for types only); senders and scopes live with the routes
 * (routes.ts).
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { HostPageProtocol } from '../../lib/host-page/protocol.ts';
import type { SiteId } from '../../lib/host-page/sites/types.ts';
import type { Messages } from '../../lib/messaging/messages.ts';
import type { DryRunResult } from './engine.ts';
import type { BusinessReport, ReportSummary, Run } from './log.ts';
import type { Rule } from './model.ts';
import type { AUTOMATION_PAYLOADS } from './payloads.ts';
import type { SeenPage } from './stores.ts';

export interface LocationOption {
  locationId: string;
  name: string;
  canWrite: boolean;
}

export interface AutomationsView {
  rules: Rule[];
  /** The shipped workflows, for restoring one that was deleted. */
  presets: Rule[];
  locations: LocationOption[];
  /** The location each site reads from: what a rule's 'site-default' means today. */
  siteDefaults: Partial<Record<SiteId, string | null>>;
}

/** What each message answers; its payload is its schema's output (payloads.ts). */
interface AutomationResults {
  'automations.list': AutomationsView;
  /** Inserts or replaces by id; refused with payload.invalid and the problems when checkRule finds errors. */
  'automations.save': Rule;
  'automations.delete': null;
  'automations.setEnabled': Rule;
  /** The calls `rule` would make for `event`; nothing is sent or queued. */
  'automations.dryRun': DryRunResult;
  /** The contact last shown on a page of `site` (for a dry run on the current page), or null. */
  'automations.samplePage': SeenPage | null;
  'automations.runs': Run[];
  'automations.clearRuns': null;
  'automations.report': BusinessReport;
  'automations.reports': ReportSummary[];
  'automations.buildReport': BusinessReport;
}

/** 'host.event', from the content script, is defined with the rest of what it sends (lib/host-page/payloads.ts). */
export type AutomationProtocol = Pick<HostPageProtocol, 'host.event'> &
  Messages<typeof AUTOMATION_PAYLOADS, AutomationResults>;

export type AutomationMessage = keyof AutomationProtocol;

/** Sends one automation message; the whole map's `sendMessage` fits too, as ProtocolMap extends this one. */
export type AutomationSend = <K extends AutomationMessage>(
  type: K,
  payload: Parameters<AutomationProtocol[K]>[0],
) => Promise<ReturnType<AutomationProtocol[K]>>;

const messenger = defineExtensionMessaging<AutomationProtocol>({ logger: undefined });

export const sendAutomationMessage: AutomationSend = (type, payload) =>
  messenger.sendMessage(type, payload as never) as never;
