import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENTUALLY } from "./test-utils/eventually.js";
import { launchBrowser, type TestBrowser } from "./test-utils/launch-browser.js";
import { startUiServer, type UiServer } from "./test-utils/start-ui-server.js";

/** What the tests read of a `<progress>` element (this package compiles without DOM types). */
type Progress = { value: number; max: number };

let ui: UiServer;
let browser: TestBrowser;

beforeAll(async () => {
  [ui, browser] = await Promise.all([startUiServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await ui?.close();
});

describe("import page", () => {
  it("imports a path and the model appears, live, in an open library page", async () => {
    const libraryTab = await browser.context.newPage();
    await libraryTab.goto(ui.url);
    const rows = libraryTab.locator("table.models tbody tr");
    await expect.poll(() => rows.count(), EVENTUALLY).toBe(4);

    const { page } = browser;
    await page.goto(`${ui.url}/import`);
    await page.getByLabel("Paths").fill(ui.inbox.mistral);
    await page.getByRole("radio", { name: /^Copy/ }).check();
    await page.getByRole("button", { name: "Import" }).click();
    await expect
      .poll(() => page.locator("[data-import-summary]").textContent(), EVENTUALLY)
      .toBe("1 imported, 0 skipped.");
    const link = page.locator("#import-result ul.imported a");
    const id = (await link.textContent()) ?? "";
    expect(id).toMatch(/^mistral-test-7b-q5_k_m-[0-9a-f]{8}$/);
    await browser.screenshot("import");

    // The open library page hears the `library` event and redraws its table by itself.
    await expect.poll(() => rows.count(), EVENTUALLY).toBe(5);
    expect(await rows.filter({ hasText: "Mistral-Test-7B" }).count()).toBe(1);
    await libraryTab.close();

    await link.click();
    await page.waitForURL(`**/models/${id}`);
    expect(await page.locator("h1").textContent()).toBe("Mistral-Test-7B");
  });

  it("says why a path is skipped", async () => {
    const { page } = browser;
    await page.goto(`${ui.url}/import`);
    await page.getByLabel("Paths").fill(`${ui.inbox.mistral}\n/nonexistent/model.gguf`);
    await page.getByRole("button", { name: "Import" }).click();
    await expect
      .poll(() => page.locator("[data-import-summary]").textContent(), EVENTUALLY)
      .toBe("0 imported, 2 skipped.");
    const skipped = await page.locator("#import-result ul.skipped").textContent();
    expect(skipped).toContain("already in the library");
    expect(skipped).toContain("/nonexistent/model.gguf");
  });
});

describe("pulls", () => {
  it("shows live progress, pauses, resumes and finishes a pull into the library", async () => {
    const { page } = browser;
    await page.goto(`${ui.url}/hub`);
    await page.getByLabel("Repository").fill("org/tiny-GGUF:Q4_K_M");
    await page.getByRole("button", { name: "Pull", exact: true }).click();
    const row = page.locator("tr[data-pull-id]", { hasText: "org/tiny-GGUF:Q4_K_M" });
    const bar = row.locator("progress");
    // The scripted pull stops halfway until released; the bar moves with the progress events
    // (throttled to 10 a second, so the last one before the stop may be held back).
    const ratio = () =>
      bar.evaluate((el) => (el as unknown as Progress).value / (el as unknown as Progress).max);
    await expect.poll(ratio, EVENTUALLY).toBeGreaterThanOrEqual(0.4);
    expect(await row.locator("[data-pull-state]").textContent()).toBe("running");
    expect(await row.locator("[data-pull-bytes]").textContent()).toMatch(/^\d+\.\d KiB of 976\.6 KiB$/);
    await browser.screenshot("pull-progress");

    await row.getByRole("button", { name: /^pause/i }).click();
    await expect.poll(() => row.locator("[data-pull-state]").textContent(), EVENTUALLY).toBe("paused");
    expect(await ratio()).toBe(0.5);
    expect(await row.locator("[data-pull-bytes]").textContent()).toBe("488.3 KiB of 976.6 KiB");
    await row.getByRole("button", { name: /^resume/i }).click();
    await expect.poll(() => row.locator("[data-pull-state]").textContent(), EVENTUALLY).toBe("running");
    const id = (await row.getAttribute("data-pull-id")) ?? "";
    ui.downloads.release(id);
    await expect.poll(() => row.locator("[data-pull-state]").textContent(), EVENTUALLY).toBe("done");
    expect(await ratio()).toBe(1);
    expect(ui.library.search({ query: "Pulled" }).items.map((m) => m.repo)).toEqual(["org/tiny-GGUF"]);
  });

  it("cancels a pull", async () => {
    const { page } = browser;

    await page.goto(`${ui.url}/hub`);
    await page.getByLabel("Repository").fill("org/other-GGUF");
    await page.getByRole("button", { name: "Pull", exact: true }).click();
    const row = page.locator("tr[data-pull-id]", { hasText: "org/other-GGUF" });
    await expect.poll(() => row.locator("[data-pull-state]").textContent(), EVENTUALLY).toBe("running");
    await row.getByRole("button", { name: /^cancel/i }).click();
    await expect.poll(() => row.locator("[data-pull-state]").textContent(), EVENTUALLY).toBe("cancelled");
    expect(await row.getByRole("button").count()).toBe(0);
  });
});
