import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENTUALLY } from "./test-utils/eventually.js";
import { launchBrowser, type TestBrowser } from "./test-utils/launch-browser.js";
import { startUiServer, type UiServer } from "./test-utils/start-ui-server.js";

let ui: UiServer;
let browser: TestBrowser;

beforeAll(async () => {
  [ui, browser] = await Promise.all([startUiServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await ui?.close();
});

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

describe("apps page", () => {
  it("shows the plan before anything is written, then applies it", async () => {
    const { page } = browser;
    const lora = join(ui.comfy, "models", "loras", "detail-tweaker-sd15.safetensors");
    await page.goto(`${ui.url}/apps`);
    await page.getByLabel("App", { exact: true }).selectOption("comfyui");
    await page.getByLabel("App folder").fill(ui.comfy);
    await page.getByRole("button", { name: "Show plan" }).click();

    const action = page.locator(`table.plan tr[data-plan-path="${lora}"]`);
    expect(await action.textContent()).toContain("create");
    expect(await action.textContent()).toContain(ui.ids.lora);
    expect(await page.locator("#plan-summary").textContent()).toMatch(/^1 create/);
    expect(await exists(lora)).toBe(false);
    await browser.screenshot("apps-plan");

    await page.getByRole("button", { name: "Apply this plan" }).click();
    await expect
      .poll(() => page.locator("[data-apply-summary]").textContent(), EVENTUALLY)
      .toMatch(/1 created.*0 failed/);
    expect(await exists(lora)).toBe(true);
    await expect
      .poll(() => page.getByRole("button", { name: "Apply this plan" }).isDisabled(), EVENTUALLY)
      .toBe(true);
    // The links table below is redrawn with the new link, healthy.
    await expect.poll(() => page.locator("#links tbody tr").count(), EVENTUALLY).toBe(1);
    expect(await page.locator("#links tbody tr").textContent()).toContain("ok");
    await browser.screenshot("apps-applied");

    await page.goto(`${ui.url}/models/${ui.ids.lora}`);
    expect(await page.getByRole("region", { name: "Links into apps" }).textContent()).toContain(lora);
  });

  it("plans without JavaScript too (a GET form)", async () => {
    const context = await browser.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${ui.url}/apps?${new URLSearchParams({ app: "comfyui", target: ui.comfy })}`);
    expect(await page.locator("#plan-summary").textContent()).toMatch(/^1 keep/);
    await context.close();
  });

  it("names a bad target instead of planning", async () => {
    const { page } = browser;
    await page.goto(`${ui.url}/apps?app=comfyui&target=relative/folder`);
    expect(await page.getByRole("alert").textContent()).toContain("absolute");
  });
});

describe("doctor page", () => {
  it("lists the checks with their state", async () => {
    const { page } = browser;
    await page.goto(`${ui.url}/doctor`);
    const rows = page.locator("table.checks tbody tr");
    expect(await rows.count()).toBeGreaterThan(2);
    const library = rows.filter({ has: page.getByRole("rowheader", { name: "library", exact: true }) });
    expect(await library.locator(".state").textContent()).toBe("ok");
    expect(await library.textContent()).toContain(ui.library.paths.root);
    expect(await page.locator("#doctor-summary").textContent()).not.toBe("");
    await browser.screenshot("doctor");
  });
});
