/**
 * Where a refresh token may be sent: a token broker over https, or over plain http on this machine only (a
 * broker run locally with `npm run broker`). Checked where a broker is used, not only where it is entered, so a
 * value that reached the settings some other way (an older version's storage) is refused too.
 */
const BROKER_URL = /^https:\/\/|^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/;

export function isBrokerUrl(url: string): boolean {
  if (!BROKER_URL.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
