import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { formatDateTime, t } from '../../../lib/ui/i18n';
import type { NoteView } from '../protocol';

const LONG_NOTE = 280;

function NoteItem({ note, actions }: { note: NoteView; actions?: (note: NoteView) => ComponentChildren }) {
  const [expanded, setExpanded] = useState(false);
  const long = note.body.length > LONG_NOTE;
  const text = long && !expanded ? `${note.body.slice(0, LONG_NOTE).trimEnd()}…` : note.body;
  return (
    <li class="hls-note" data-note-id={note.id}>
      {note.dateAdded ? <time class="hls-note-date">{formatDateTime(note.dateAdded)}</time> : null}
      <p class="hls-note-body" id={`hls-note-${note.id}`}>
        {text}
      </p>
      {long ? (
        <button
          type="button"
          class="hls-text-button"
          aria-expanded={expanded}
          aria-controls={`hls-note-${note.id}`}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? t('notes_less') : t('notes_more')}
        </button>
      ) : null}
      {actions ? actions(note) : null}
    </li>
  );
}

export function sortNotes(notes: NoteView[]): NoteView[] {
  return [...notes].sort((a, b) => (b.dateAdded ?? '').localeCompare(a.dateAdded ?? ''));
}

export function NoteList({
  notes,
  actions,
}: {
  notes: NoteView[];
  actions?: (note: NoteView) => ComponentChildren;
}) {
  return (
    <ul class="hls-list hls-notes">
      {sortNotes(notes).map((note) => (
        <NoteItem key={note.id} note={note} actions={actions} />
      ))}
    </ul>
  );
}
