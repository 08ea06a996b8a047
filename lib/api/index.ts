/** The HighLevel client and data layer: what the background and the automations import. */
export {
  type CachePolicy,
  type CacheRecord,
  type CacheStore,
  createIdbStore,
  createMemoryStore,
  DEFAULT_CACHE_POLICY,
  SECTION_NAMES,
  type SectionName,
} from './cache.ts';
export {
  API_VERSION,
  type BundleLoad,
  type BusinessPage,
  type ClientLimits,
  type ContactBundle,
  type ContactsPage,
  createHighLevelClient,
  DEFAULT_LIMITS,
  HIGHLEVEL_BASE_URL,
  type HighLevelClient,
  type HighLevelClientOptions,
  type SearchPage,
  type SectionOptions,
  type SectionRecords,
} from './client.ts';
export {
  ApiError,
  type ApiErrorData,
  type ApiErrorKind,
  describeError,
  isApiError,
  type Locale,
} from './errors.ts';
export { nameKey, normalizeEmail, phoneKey } from './identity.ts';
export { DEFAULT_RATE_LIMITS, type Priority, type RateLimits, type RateState } from './limiter.ts';
export type { MatchCandidate, MatchedOn, MatchOptions, MatchResult } from './match.ts';
export type {
  ContactCreateInput,
  ContactUpdateInput,
  ContactUpsertInput,
  CustomFieldInput,
  NoteInput,
  NotePatch,
  SearchFilter,
  SearchFilterGroup,
  SearchInput,
  TaskInput,
  TaskPatch,
} from './requests.ts';
export { DEFAULT_RETRY, type RetryPolicy } from './retry.ts';
export {
  type Appointment,
  type Contact,
  type ContactsListMeta,
  type CustomFieldValue,
  contactDisplayName,
  type Note,
  normalizeDate,
  type Task,
} from './schemas.ts';
export type { AttemptReport, CallOptions, SectionOutcome, SectionResult, TokenProvider } from './types.ts';
