/**
 * Unit-test setup: WXT's fake browser answers i18n from the English catalogue, as Chrome would, so views under
 * test show real sentences. A test can switch to Spanish with `setTestLanguage('es')` (test/i18n-fake.ts).
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getMessage, getUILanguage } from './i18n-fake';

Object.assign(fakeBrowser.i18n, { getMessage, getUILanguage });
