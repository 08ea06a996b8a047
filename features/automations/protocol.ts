/**
 * The automations' messages, part of the whole ProtocolMap (lib/background/protocol.ts). Extension pages manage
 * rules, dry runs, runs and reports; content scripts only report host events ('host.event'). Schemas, senders and scopes live with the routes (routes.ts).
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { HostPageProtocol } from '../../lib/host-page/protocol.ts';
import type { SiteId } from '../../lib/host-page/sites/types.ts';
import type { Reply } from '../../lib/messaging/reply.ts';
import type { DryRunResult } from './engine.ts';
import type { BusinessReport, ReportSummary, Run } from './log.ts';
import type { AutomationEvent, Rule } from './model.ts';
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

/** 'host.event', from the content script, is declared with the rest of what it sends (lib/host-page/protocol.ts). */
export interface AutomationProtocol extends Pick<HostPageProtocol, 'host.event'> {
  'automations.list'(payload: undefined): Reply<AutomationsView>;
  /** Inserts or replaces by id; refused with payload.invalid and the problems when checkRule finds errors. */
  'automations.save'(payload: { rule: Rule }): Reply<Rule>;
  'automations.delete'(payload: { id: string }): Reply<null>;
  'automations.setEnabled'(payload: { id: string; enabled: boolean }): Reply<Rule>;
  /** The calls `rule` would make for `event`; nothing is sent or queued. */
  'automations.dryRun'(payload: { rule: Rule; event: AutomationEvent }): Reply<DryRunResult>;
  /** The contact last shown on a page of `site` (for a dry run on the current page), or null. */
  'automations.samplePage'(payload: { site: SiteId }): Reply<SeenPage | null>;
  'automations.runs'(payload: { ruleId?: string; limit?: number }): Reply<Run[]>;
  'automations.clearRuns'(payload: undefined): Reply<null>;
  'automations.report'(payload: { id: string }): Reply<BusinessReport>;
  'automations.reports'(payload: undefined): Reply<ReportSummary[]>;
  'automations.buildReport'(payload: {
    site: SiteId;
    businessName: string;
    locationId?: string;
    maxContacts?: number;
  }): Reply<BusinessReport>;
}

export type AutomationMessage = keyof AutomationProtocol;

/** Sends one automation message; the whole map's `sendMessage` fits too, as ProtocolMap extends this one. */
export type AutomationSend = <K extends AutomationMessage>(
  type: K,
  payload: Parameters<AutomationProtocol[K]>[0],
) => Promise<ReturnType<AutomationProtocol[K]>>;

const messenger = defineExtensionMessaging<AutomationProtocol>({ logger: undefined });

export const sendAutomationMessage: AutomationSend = (type, payload) =>
  messenger.sendMessage(type, payload as never) as never;
