import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
/** Where screenshots go: the package's test-results, kept by CI as artifacts. */
export const SCREENSHOTS = new URL("../../../test-results/screenshots/", import.meta.url);

export interface TestBrowser {
  browser: Browser;
  /** A context with JavaScript, and its first page. */
  context: BrowserContext;
  page: Page;
  /** Saves a full-page screenshot as `test-results/screenshots/<name>.png`. */
  screenshot(name: string, page?: Page): Promise<void>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, with nothing that calls home. Playwright gives every launch a fresh
 * profile (user-data-dir) in a temp folder and removes it on close. The tests never install a
 * browser themselves: without /usr/bin/chromium they fail and say how to get one.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the browser tests need Debian's Chromium (apt-get install -y chromium)`,
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    browser,
    context,
    page,
    async screenshot(name, target = page) {
      await target.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
    },
    async close() {
      await browser.close();
    },
  };
}
