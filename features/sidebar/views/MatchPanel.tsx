import { type MessageKey, t } from '../../../lib/ui/i18n';
import type { MatchedOn, MatchView } from '../protocol';

const MATCHED_ON: Record<MatchedOn, MessageKey> = {
  id: 'match_on_id',
  email: 'match_on_email',
  phone: 'match_on_phone',
  name: 'match_on_name',
};

export function matchedOnLabel(on: MatchedOn): string {
  return t(MATCHED_ON[on]);
}

/** Several possible contacts: the agent picks one, and the choice is remembered for this host record. */
export function CandidateList({
  match,
  onPick,
}: {
  match: MatchView;
  /** `from`: the button pressed, so focus can follow what replaces the list. */
  onPick: (id: string, from: HTMLElement) => void;
}) {
  return (
    <div class="hls-candidates" data-match="ambiguous">
      <p>{t('match_ambiguous')}</p>
      <ul class="hls-list">
        {match.candidates.map(({ contact, matchedOn }) => (
          <li key={contact.id} class="hls-candidate" data-contact-id={contact.id}>
            <div>
              <p class="hls-card-name">{contact.name}</p>
              <p class="hls-card-sub">
                {[contact.email, contact.phone].filter(Boolean).join(' · ')}
                <span class="hls-badge">{matchedOnLabel(matchedOn)}</span>
              </p>
            </div>
            <button
              type="button"
              class="hls-button"
              aria-label={`${t('match_pick')}: ${contact.name}`}
              onClick={(event) => onPick(contact.id, event.currentTarget)}
            >
              {t('match_pick')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
