/**
 * Unit-test setup: WXT's fake browser answers i18n from the English catalogue, as Chrome would, so views under
 * test show real sentences. A test can switch to Spanish with `setTestLanguage('es')` (test/i18n-fake.ts).
 */
import { afterAll } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getMessage, getUILanguage } from './i18n-fake';

Object.assign(fakeBrowser.i18n, { getMessage, getUILanguage });

/**
 * Preact runs effects after the next paint: a requestAnimationFrame raced by a 100 ms timer, which then calls
 * cancelAnimationFrame. A jsdom test file that ends within 100 ms of its last render leaves that timer to fire
 * once the environment (its document, its animation-frame functions) is gone — an unhandled error that fails the
 * whole run, at random. Let such timers run out before the environment goes.
 */
if (typeof window !== 'undefined') afterAll(() => new Promise<void>((done) => setTimeout(done, 150)));
