/**
 * Messages the content script sends before the sidebar module has loaded, kept by type and payload, so the
 * module takes their answers instead of asking again (the first match starts while the UI is still loading).
 */
export type EarlyReplies = Map<string, Promise<unknown>>;

export function earlyKey(type: string, data: unknown): string {
  return `${type}:${JSON.stringify(data)}`;
}
