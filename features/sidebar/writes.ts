/**
 * The sidebar's writes and their receipts. A write is sent to the background, which stores it in the outbox
 * before answering: only then does the sidebar show it as pending. The section it touches changes at once
 * (optimistically); when the write is saved or fails, the section is read again from HighLevel, which both
 * confirms a success and rolls back a failure to the truth.
 */
import { signal } from '@preact/signals';
import type { SiteId } from '../../lib/host-page/sites/types';
import { type ErrorView, type Reply, settle } from '../../lib/messaging/reply';
import { sendMessage } from './messenger';
import type { SectionName, SidebarWrite, WriteReceipt } from './protocol';

export interface WriteHooks {
  /** The sections to read again when the write settles. */
  touches: SectionName[];
}

export function sectionsTouchedBy(kind: SidebarWrite['kind']): SectionName[] {
  if (kind.startsWith('task.')) return ['tasks'];
  if (kind.startsWith('note.')) return ['notes'];
  return ['contact'];
}

export function createWrites(
  site: SiteId,
  reload: (sections: SectionName[], contactId?: string) => void,
  send: typeof sendMessage = sendMessage,
) {
  const receipts = signal<WriteReceipt[]>([]);
  const lastError = signal<ErrorView | null>(null);

  const upsert = (receipt: WriteReceipt) => {
    const others = receipts.value.filter((r) => r.id !== receipt.id);
    // Saved and discarded receipts fade from the list shortly; pending and failed stay.
    receipts.value = [...others, receipt].sort((a, b) => a.createdAt - b.createdAt);
    if (receipt.status === 'saved' || receipt.status === 'discarded') {
      setTimeout(() => {
        receipts.value = receipts.value.filter((r) => r.id !== receipt.id || r.status !== receipt.status);
      }, 4000);
    }
  };

  return {
    receipts,
    lastError,

    /** Sends a write; resolves once it is stored (pending) or refused. */
    async submit(
      write: SidebarWrite,
      hooks: WriteHooks = { touches: sectionsTouchedBy(write.kind) },
    ): Promise<Reply<WriteReceipt>> {
      const reply = await settle(send('write.enqueue', { site, write }));
      if (!reply.ok) {
        lastError.value = reply.error;
        return reply;
      }
      lastError.value = null;
      upsert(reply.value);
      if (reply.value.status === 'saved' || reply.value.status === 'failed')
        reload(hooks.touches, reply.value.contactId);
      return reply;
    },

    /** A receipt changed in the background. */
    update(receipt: WriteReceipt) {
      const known = receipts.value.find((r) => r.id === receipt.id);
      upsert(receipt);
      if ((receipt.status === 'saved' || receipt.status === 'failed') && known?.status !== receipt.status) {
        reload(sectionsTouchedBy(receipt.kind), receipt.contactId);
      }
    },

    async loadUnsettled(contactId: string) {
      const reply = await settle(send('write.list', { site, contactId }));
      if (reply.ok) for (const receipt of reply.value) upsert(receipt);
    },

    async retry(id: string) {
      const reply = await settle(send('write.retry', { site, id }));
      if (reply.ok) upsert(reply.value);
      else lastError.value = reply.error;
    },

    async discard(id: string) {
      const reply = await settle(send('write.discard', { site, id }));
      if (reply.ok) upsert(reply.value);
      else lastError.value = reply.error;
    },
  };
}
