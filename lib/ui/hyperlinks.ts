/** Links built from data: only http(s) URLs pass, and a call link only ever carries digits. */
import { HIGHLEVEL_APP_BASE } from '../hosts';

export function callHref(phone: string | undefined): string | undefined {
  if (!phone) return undefined;
  const digits = phone.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  return /\d{3,}/.test(digits) ? `tel:${digits}` : undefined;
}

export function highLevelContactUrl(locationId: string, contactId: string): string {
  return `${HIGHLEVEL_APP_BASE}/v2/location/${encodeURIComponent(locationId)}/contacts/detail/${encodeURIComponent(contactId)}`;
}
