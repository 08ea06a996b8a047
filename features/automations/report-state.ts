/** The report page's state: the report shown, the recent ones, and building a new one on demand. */
import { signal } from '@preact/signals';
import type { SiteId } from '../../lib/host-page/sites/types.ts';
import type { Reply } from '../../lib/messaging/reply.ts';
import type { Loadable } from '../../lib/ui/loadable.ts';
import type { BusinessReport, ReportSummary } from './log.ts';
import { type AutomationSend, sendAutomationMessage } from './protocol.ts';

async function call<T>(promise: Promise<Reply<T>>): Promise<Reply<T>> {
  try {
    return await promise;
  } catch {
    return { ok: false, error: { kind: 'internal' } };
  }
}

export function createReportState(send: AutomationSend = sendAutomationMessage) {
  const report = signal<Loadable<BusinessReport>>({ state: 'idle' });
  const reports = signal<Loadable<ReportSummary[]>>({ state: 'idle' });
  const building = signal(false);

  async function loadList() {
    reports.value = { state: 'loading' };
    const reply = await call(send('automations.reports', undefined));
    reports.value = reply.ok
      ? { state: 'ready', value: reply.value }
      : { state: 'error', error: reply.error };
  }

  return {
    report,
    reports,
    building,
    loadList,

    async load(id: string) {
      report.value = { state: 'loading' };
      const reply = await call(send('automations.report', { id }));
      report.value = reply.ok
        ? { state: 'ready', value: reply.value }
        : { state: 'error', error: reply.error };
    },

    /** Builds a report now; resolves with its id when it worked. */
    async build(site: SiteId, businessName: string, maxContacts: number): Promise<string | null> {
      building.value = true;
      report.value = { state: 'loading' };
      const reply = await call(send('automations.buildReport', { site, businessName, maxContacts }));
      building.value = false;
      report.value = reply.ok
        ? { state: 'ready', value: reply.value }
        : { state: 'error', error: reply.error };
      if (reply.ok) void loadList();
      return reply.ok ? reply.value.id : null;
    },
  };
}

export type ReportState = ReturnType<typeof createReportState>;
