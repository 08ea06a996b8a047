/**
 * A contact's sections, in the order the sidebar shows them: the one list the client, the cache, the background's
 * routes and the sidebar read. Its own module, with nothing else in it, so the sidebar's frame can take it alone.
 */
export const SECTION_NAMES = ['contact', 'tasks', 'notes', 'appointments'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];
