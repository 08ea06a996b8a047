import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { callHref, highLevelContactUrl } from '../../../lib/ui/hyperlinks';
import { formatDate, t } from '../../../lib/ui/i18n';
import type { ContactView } from '../protocol';

function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      class="hls-icon-button"
      aria-label={`${t('card_copy')} ${label}`}
      onClick={async () => {
        await navigator.clipboard?.writeText(value).catch(() => undefined);
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
    >
      {copied ? t('card_copied') : t('card_copy')}
    </button>
  );
}

function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="hls-field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function ContactCard({
  contact,
  tags,
  footer,
}: {
  contact: ContactView;
  /** Replaces the read-only tag list (the tag editor, when writing is allowed). */
  tags?: ComponentChildren;
  footer?: ComponentChildren;
}) {
  const call = callHref(contact.phone);
  return (
    <div class="hls-card" data-contact-id={contact.id}>
      <div class="hls-card-head">
        <span class="hls-avatar" aria-hidden="true">
          {initials(contact.name)}
        </span>
        <div>
          <p class="hls-card-name">{contact.name}</p>
          {contact.companyName ? <p class="hls-card-sub">{contact.companyName}</p> : null}
        </div>
      </div>
      <dl class="hls-fields">
        {contact.email ? (
          <Field label={t('card_email')}>
            <span class="hls-value">{contact.email}</span>
            <CopyButton value={contact.email} label={t('card_email')} />
          </Field>
        ) : null}
        {contact.phone ? (
          <Field label={t('card_phone')}>
            <span class="hls-value">{contact.phone}</span>
            <CopyButton value={contact.phone} label={t('card_phone')} />
            {call ? (
              <a class="hls-icon-button" href={call}>
                {t('card_call')}
              </a>
            ) : null}
          </Field>
        ) : null}
        {tags ? (
          <Field label={t('card_tags')}>{tags}</Field>
        ) : contact.tags.length ? (
          <Field label={t('card_tags')}>
            <ul class="hls-tags">
              {contact.tags.map((tag) => (
                <li key={tag} class="hls-tag">
                  {tag}
                </li>
              ))}
            </ul>
          </Field>
        ) : null}
        {contact.source ? <Field label={t('card_source')}>{contact.source}</Field> : null}
        {contact.assignedTo ? <Field label={t('card_assigned')}>{contact.assignedTo}</Field> : null}
        {contact.dnd !== undefined ? (
          <Field label={t('card_dnd')}>{contact.dnd ? t('yes') : t('no')}</Field>
        ) : null}
        {contact.lastActivity ? (
          <Field label={t('card_last_activity')}>{formatDate(contact.lastActivity)}</Field>
        ) : null}
        {contact.dateAdded ? <Field label={t('card_added')}>{formatDate(contact.dateAdded)}</Field> : null}
      </dl>
      {contact.customFields.length ? (
        <details class="hls-custom-fields">
          <summary>{t('card_custom_fields')}</summary>
          <dl class="hls-fields">
            {contact.customFields.map((field) => (
              <Field key={field.id} label={field.id}>
                {field.value}
              </Field>
            ))}
          </dl>
        </details>
      ) : null}
      <a
        class="hls-link"
        href={highLevelContactUrl(contact.locationId, contact.id)}
        target="_blank"
        rel="noopener noreferrer"
      >
        {t('card_open_highlevel')}
      </a>
      {footer}
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase() || '?';
}
