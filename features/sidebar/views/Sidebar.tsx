import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { hasContactDetails } from '../../../lib/host-page/sites/extract';
import { errorAction, errorSentence } from '../../../lib/ui/errors';
import { focusFollower } from '../../../lib/ui/focus';
import { HostAccessNotice } from '../../../lib/ui/HostAccessNotice';
import { t } from '../../../lib/ui/i18n';
import { Section } from '../../../lib/ui/Section';
import type { SidebarState } from '../state';
import { AppointmentList } from './AppointmentList';
import { BusinessPanel } from './BusinessPanel';
import { ContactCard } from './ContactCard';
import { CreateContactForm, DeleteContact, UpdateFromPage } from './ContactFromPage';
import { ContactSearchBox } from './ContactSearch';
import { CandidateList, matchedOnLabel } from './MatchPanel';
import { NoteList } from './NoteList';
import { NoteComposer, NoteEditButton } from './NoteWrites';
import { ReceiptList } from './Receipts';
import { TagEditor } from './TagEditor';
import { TaskList } from './TaskList';
import { QuickAddTask, TaskActions } from './TaskWrites';
import { ReadOnlyNotice, type Submit } from './write-parts';

export interface SidebarProps {
  state: SidebarState;
  onClose: () => void;
  onOpenOptions: () => void;
}

/** The header's search shows over a contact the sidebar shows (to find the right one when the match was wrong). */
function showsContact(state: SidebarState): boolean {
  const match = state.match.value;
  return (
    state.page.value !== null &&
    match.state === 'ready' &&
    (match.value.status === 'linked' || match.value.status === 'matched')
  );
}

export function Sidebar({ state, onClose, onOpenOptions }: SidebarProps) {
  const status = state.status.value;
  const connections = status.state === 'ready' ? status.value.connections : [];
  const locationId = status.state === 'ready' ? status.value.locationId : null;
  const [searching, setSearching] = useState(false);
  const searchButton = useRef<HTMLButtonElement>(null);
  const hostRecordId = state.page.value?.hostRecordId;
  // Another record, another question: the header's search closes.
  useEffect(() => setSearching(false), [hostRecordId]);
  const canSearch = status.state === 'ready' && connections.length > 0 && showsContact(state);
  const header: HeaderSearch = {
    open: searching && canSearch,
    close(refocus) {
      setSearching(false);
      if (refocus) searchButton.current?.focus();
    },
  };
  return (
    <aside class="hls-sidebar" aria-label={t('extName')}>
      <header class="hls-header">
        {/* Focusable from script only: where focus lands when the sidebar is opened from the keyboard. */}
        <h1 class="hls-title" tabIndex={-1}>
          {t('sidebar_title')}
        </h1>
        {connections.length > 1 ? (
          <label class="hls-location">
            <span class="hls-visually-hidden">{t('sidebar_location')}</span>
            <select
              value={locationId ?? ''}
              onChange={(event) => void state.bindLocation((event.target as HTMLSelectElement).value)}
            >
              {connections.map((c) => (
                <option key={c.locationId} value={c.locationId}>
                  {c.locationName ?? c.locationId}
                </option>
              ))}
            </select>
          </label>
        ) : connections[0] ? (
          <span class="hls-location" title={t('sidebar_location')}>
            {connections[0].locationName ?? connections[0].locationId}
          </span>
        ) : null}
        {canSearch ? (
          <button
            ref={searchButton}
            type="button"
            class="hls-text-button hls-header-search"
            aria-expanded={header.open}
            aria-controls="hls-search-panel"
            onClick={() => setSearching(!searching)}
          >
            {t('search_open')}
          </button>
        ) : null}
        <button type="button" class="hls-icon-button" aria-label={t('sidebar_close')} onClick={onClose}>
          ×
        </button>
      </header>
      <div class="hls-body">
        <SidebarBody state={state} onOpenOptions={onOpenOptions} header={header} />
      </div>
    </aside>
  );
}

/** The header's "Search HighLevel": whether its panel is open, and closing it (focus back on the button). */
interface HeaderSearch {
  open: boolean;
  close(refocus: boolean): void;
}

/** Links the page's record to a contact the agent picked; focus then waits on "Not this contact". */
function linkPicked(state: SidebarState, id: string, from: HTMLElement) {
  void state.choose(id);
  // The list gives way to the contact: focus goes to "Not this contact", to undo the pick at once.
  focusFollower(from)(['[data-action="unlink"]', '#hls-contact-heading'], 15_000);
}

/** A search box with its own search, let go of when the box goes. */
function SearchHighLevel({
  state,
  idPrefix,
  label,
  autoFocus,
  onPicked,
  onEscape,
}: {
  state: SidebarState;
  idPrefix: string;
  label?: 'search_label' | 'search_label_other';
  autoFocus?: boolean;
  onPicked?: () => void;
  onEscape?: () => void;
}) {
  const search = useMemo(() => state.createSearch(), [state]);
  useEffect(() => () => search.dispose(), [search]);
  return (
    <ContactSearchBox
      search={search}
      idPrefix={idPrefix}
      {...(label ? { label } : {})}
      autoFocus={autoFocus ?? false}
      {...(onEscape ? { onEscape } : {})}
      onPick={(id, from) => {
        onPicked?.();
        linkPicked(state, id, from);
      }}
    />
  );
}

function SidebarBody({
  state,
  onOpenOptions,
  header,
}: {
  state: SidebarState;
  onOpenOptions: () => void;
  header: HeaderSearch;
}) {
  const status = state.status.value;
  // This CRM's page is granted (the sidebar is here), HighLevel may not be: then nothing can be shown.
  const access = state.hostAccess.view.value;
  if (access?.highLevel === false) {
    return (
      <HostAccessNotice
        class="hls-empty-state"
        buttonClass="hls-button hls-primary"
        onAllow={state.hostAccess.allow}
      />
    );
  }
  if (status.state === 'error') {
    return (
      <div class="hls-error" role="alert" data-state="status-error">
        <p>{errorSentence(status.error)}</p>
        <button type="button" class="hls-button" onClick={() => void state.loadStatus()}>
          {t('section_retry')}
        </button>
      </div>
    );
  }
  if (status.state === 'ready' && status.value.connections.length === 0) {
    return (
      <div class="hls-empty-state" data-state="not-connected">
        <p>{t('sidebar_not_connected')}</p>
        <button type="button" class="hls-button hls-primary" onClick={() => void state.connect()}>
          {t('sidebar_connect')}
        </button>
      </div>
    );
  }
  if (!state.page.value) {
    return (
      <p class="hls-empty-state" data-state="no-contact-page">
        {t('sidebar_not_contact_page')}
      </p>
    );
  }
  const match = state.match.value;
  if (match.state === 'error') {
    const action = errorAction(match.error);
    return (
      <div class="hls-error" role="alert" data-state="match-error">
        <p>{errorSentence(match.error)}</p>
        {action === 'retry' ? (
          <button type="button" class="hls-button" onClick={() => state.retryMatch()}>
            {t('section_retry')}
          </button>
        ) : action === 'connect' ? (
          <button type="button" class="hls-button hls-primary" onClick={() => void state.connect()}>
            {t('sidebar_connect')}
          </button>
        ) : action === 'allow' ? (
          <button type="button" class="hls-button hls-primary" onClick={state.hostAccess.allow}>
            {t('host_access_allow')}
          </button>
        ) : action ? (
          <button type="button" class="hls-button" onClick={onOpenOptions}>
            {t('sidebar_open_options')}
          </button>
        ) : null}
      </div>
    );
  }
  if (match.state !== 'ready') {
    return (
      <p class="hls-empty-state" role="status" data-state="matching">
        {t('match_loading')}
      </p>
    );
  }
  const view = match.value;
  const page = state.page.value;
  const canWrite = status.state === 'ready' && status.value.canWrite;
  const submit = submitVia(state);
  const receipts = (
    <ReceiptList
      receipts={state.writes.receipts.value}
      onRetry={(id) => void state.writes.retry(id)}
      onDiscard={(id) => void state.writes.discard(id)}
    />
  );
  const writeError = state.writes.lastError.value ? (
    <p class="hls-error" role="alert">
      {errorSentence(state.writes.lastError.value)}
    </p>
  ) : null;
  if (view.status === 'none') {
    // The page showed no name, email or phone to look for (still loading, or a layout not read): say so, with
    // the way to teach the extension where the fields are.
    const unread = page !== null && !hasContactDetails(page);
    return (
      <div class="hls-empty-state" data-state="no-match">
        <p>{t(unread ? 'match_page_unread' : 'match_none')}</p>
        {unread ? (
          <button type="button" class="hls-text-button" onClick={onOpenOptions}>
            {t('match_page_unread_settings')}
          </button>
        ) : null}
        <SearchHighLevel state={state} idPrefix="hls-search-none" />
        {canWrite ? (
          <CreateContactForm page={page} submit={submit} disabled={false} />
        ) : (
          <ReadOnlyNotice onGrant={() => void state.connect(true)} />
        )}
        {writeError}
        {receipts}
      </div>
    );
  }
  if (view.status === 'ambiguous')
    return (
      <>
        <CandidateList match={view} onPick={(id, from) => linkPicked(state, id, from)} />
        <SearchHighLevel state={state} idPrefix="hls-search-candidates" label="search_label_other" />
      </>
    );
  const matchedOn = view.candidates[0]?.matchedOn;
  // Each section below reads its own signals, so an answer for one re-renders that one only.
  return (
    <div data-state="contact">
      {header.open ? (
        <div id="hls-search-panel" class="hls-search-panel">
          <SearchHighLevel
            state={state}
            idPrefix="hls-search-header"
            autoFocus
            onPicked={() => header.close(false)}
            onEscape={() => header.close(true)}
          />
        </div>
      ) : null}
      {canWrite ? null : <ReadOnlyNotice onGrant={() => void state.connect(true)} />}
      {writeError}
      {receipts}
      {(matchedOn && matchedOn !== 'id') || view.status === 'linked' ? (
        <p class="hls-match-note">
          {/* A link the agent made (a pick, a contact created from the page) can be taken back too. */}
          {matchedOn && matchedOn !== 'id'
            ? t('match_linked_by', matchedOnLabel(matchedOn))
            : t('sidebar_linked_by_agent')}{' '}
          <button
            type="button"
            class="hls-text-button"
            data-action="unlink"
            onClick={(event) => {
              const from = event.currentTarget;
              void state.choose(null);
              // The contact gives way to the other candidates (or to "Create in HighLevel"): focus follows.
              focusFollower(from)(['.hls-candidate button', '[data-state="no-match"] button'], 15_000);
            }}
          >
            {t('match_unlink')}
          </button>
        </p>
      ) : null}
      <ContactSection state={state} canWrite={canWrite} />
      <TasksSection state={state} canWrite={canWrite} />
      {canWrite ? <QuickAdd state={state} /> : null}
      <NotesSection state={state} canWrite={canWrite} />
      {canWrite ? <NoteAdd state={state} /> : null}
      <AppointmentsSection state={state} />
      <BusinessSection state={state} />
    </div>
  );
}

interface SectionProps {
  state: SidebarState;
  canWrite: boolean;
}

/** Writes go through the sidebar's state (stored, then sent by the background). */
const submitVia =
  (state: SidebarState): Submit =>
  (write) =>
    state.write(write);

/** Who a task can be given to: me, the users seen on this contact's tasks and lately in this location. */
function readPeople(state: SidebarState) {
  const tasks = state.sections.tasks.value;
  // Assignees of this contact's tasks count as seen at once, before the background's list is asked again.
  return {
    meId: state.me.value,
    seen: [
      ...new Set([
        ...(tasks.state === 'ready' ? tasks.value.map((task) => task.assignedTo) : []),
        ...state.assigneeSuggestions.value,
      ]),
    ].filter((id): id is string => Boolean(id)),
  };
}

function ContactSection({ state, canWrite }: SectionProps) {
  const submit = submitVia(state);
  return (
    <Section
      id="contact"
      title={t('section_contact')}
      data={state.sections.contact.value}
      emptyText=""
      onRetry={() => state.retrySection('contact')}
    >
      {(contact) => (
        <ContactCard
          contact={contact}
          tags={
            canWrite ? (
              <TagEditor
                contact={contact}
                suggestions={state.tagSuggestions.value}
                submit={submit}
                disabled={false}
              />
            ) : undefined
          }
          footer={
            canWrite && state.page.value ? (
              <div class="hls-card-actions">
                <UpdateFromPage contact={contact} page={state.page.value} submit={submit} disabled={false} />
                <DeleteContact contact={contact} submit={submit} disabled={false} />
              </div>
            ) : null
          }
        />
      )}
    </Section>
  );
}

function TasksSection({ state, canWrite }: SectionProps) {
  const submit = submitVia(state);
  const contact = state.sections.contact.value;
  const ownerId = contact.state === 'ready' ? contact.value.assignedTo : undefined;
  const people = readPeople(state);
  const contactId = state.contactId.value;
  return (
    <Section
      id="tasks"
      title={t('section_tasks')}
      data={state.sections.tasks.value}
      isEmpty={(tasks) => tasks.length === 0}
      emptyText={t('section_empty_tasks')}
      onRetry={() => state.retrySection('tasks')}
    >
      {(tasks) => (
        <TaskList
          tasks={tasks}
          actions={(task) =>
            task.id.startsWith('pending-') || !contactId ? null : (
              <TaskActions
                task={task}
                contactId={contactId}
                ownerId={ownerId}
                people={people}
                submit={submit}
                disabled={!canWrite}
              />
            )
          }
        />
      )}
    </Section>
  );
}

function QuickAdd({ state }: { state: SidebarState }) {
  const contact = state.sections.contact.value;
  if (contact.state !== 'ready') return null;
  return (
    <QuickAddTask
      contact={contact.value}
      people={readPeople(state)}
      submit={submitVia(state)}
      disabled={false}
    />
  );
}

function NotesSection({ state, canWrite }: SectionProps) {
  const submit = submitVia(state);
  const contactId = state.contactId.value;
  return (
    <Section
      id="notes"
      title={t('section_notes')}
      data={state.sections.notes.value}
      isEmpty={(notes) => notes.length === 0}
      emptyText={t('section_empty_notes')}
      onRetry={() => state.retrySection('notes')}
    >
      {(notes) => (
        <NoteList
          notes={notes}
          actions={(note) =>
            canWrite && contactId && !note.id.startsWith('pending-') ? (
              <NoteEditButton note={note} contactId={contactId} submit={submit} disabled={false} />
            ) : null
          }
        />
      )}
    </Section>
  );
}

function NoteAdd({ state }: { state: SidebarState }) {
  const contactId = state.contactId.value;
  return contactId ? <NoteComposer contactId={contactId} submit={submitVia(state)} disabled={false} /> : null;
}

function AppointmentsSection({ state }: { state: SidebarState }) {
  return (
    <Section
      id="appointments"
      title={t('section_appointments')}
      data={state.sections.appointments.value}
      isEmpty={(list) => list.length === 0}
      emptyText={t('section_empty_appointments')}
      onRetry={() => state.retrySection('appointments')}
    >
      {(list) => <AppointmentList appointments={list} />}
    </Section>
  );
}

function BusinessSection({ state }: { state: SidebarState }) {
  const business = state.business.value;
  const contactId = state.contactId.value;
  if (!business || !contactId) return null;
  return (
    <section class="hls-section" aria-labelledby="hls-business-heading" data-section="business">
      <h2 id="hls-business-heading" class="hls-section-title">
        {t('section_business')}
      </h2>
      <BusinessPanel key={business.id} list={business.list} currentContactId={contactId} />
    </section>
  );
}
