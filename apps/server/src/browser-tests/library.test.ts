import { readFile, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENTUALLY } from "./test-utils/eventually.js";
import { launchBrowser, type TestBrowser } from "./test-utils/launch-browser.js";
import { HOSTILE_NAME, startUiServer, type UiServer } from "./test-utils/start-ui-server.js";

let ui: UiServer;
let browser: TestBrowser;

beforeAll(async () => {
  [ui, browser] = await Promise.all([startUiServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await ui?.close();
});

describe("library page", () => {
  it("lists every model with its facts, and filters as the user types", async () => {
    const { page } = browser;
    await page.goto(ui.url);
    const rows = page.locator("table.models tbody tr");
    await expect.poll(() => rows.count(), EVENTUALLY).toBe(4);
    await expect.poll(() => page.textContent("#result-count"), EVENTUALLY).toContain("4 models");
    const llama = rows.filter({ hasText: "Llama-Test-8B" });
    expect(await llama.textContent()).toMatch(/llm[\s\S]*gguf[\s\S]*llama[\s\S]*Q4_K_M/);
    await browser.screenshot("library");

    await page.getByLabel("Search").pressSequentially("qwen", { delay: 20 });
    await expect.poll(() => rows.count(), EVENTUALLY).toBe(1);
    expect(await rows.first().textContent()).toContain("Qwen-Test-7B");
    expect(page.url()).toContain("q=qwen");
  });

  it("filters by facet with counts, and clears", async () => {
    const { page } = browser;
    await page.goto(ui.url);
    const type = page.getByLabel("Type");
    expect(await type.locator("option").allTextContents()).toEqual(
      expect.arrayContaining(["llm (3)", "lora (1)"]),
    );
    await type.selectOption("lora");
    const rows = page.locator("table.models tbody tr");
    await expect.poll(() => rows.count(), EVENTUALLY).toBe(1);
    expect(await rows.first().textContent()).toContain("detail-tweaker-sd15");
    await page.getByRole("link", { name: "Clear" }).click();
    await expect.poll(() => rows.count(), EVENTUALLY).toBe(4);
  });

  it("shows a hostile model name as text, never as markup", async () => {
    const { page } = browser;
    await page.goto(ui.url);
    await expect
      .poll(() => page.getByText(HOSTILE_NAME, { exact: true }).count(), EVENTUALLY)
      .toBeGreaterThan(0);
    await page.goto(`${ui.url}/models/${ui.ids.hostile}`);
    expect(await page.locator("h1").textContent()).toBe(HOSTILE_NAME);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator("img").count()).toBe(0);
  });

  it("reads and searches without JavaScript", async () => {
    const context = await browser.browser.newContext({ javaScriptEnabled: false });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(ui.url);
    expect(await page.locator("table.models tbody tr").count()).toBe(4);
    await page.getByLabel("Search").fill("Llama-Test");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=Llama-Test/);
    expect(await page.locator("table.models tbody tr").allTextContents()).toEqual([
      expect.stringContaining("Llama-Test-8B"),
    ]);
    await page.getByRole("link", { name: "Llama-Test-8B", exact: true }).click();
    expect(await page.locator("h1").textContent()).toBe("Llama-Test-8B");
    await context.close();
  });
});

describe("model page", () => {
  it("shows format, architecture, quantization, size, hashes and provenance", async () => {
    const { page } = browser;
    await page.goto(`${ui.url}/models/${ui.ids.llama}`);
    const facts = await page.locator("dl.facts").first().textContent();
    expect(facts).toMatch(/Format\s*gguf/);
    expect(facts).toMatch(/Architecture\s*llama/);
    expect(facts).toMatch(/Quantization\s*Q4_K_M/);
    const record = await ui.library.get(ui.ids.llama);
    const hashes = await page.locator("td.hashes").textContent();
    expect(hashes).toContain(record.files[0]?.sha256);
    expect(hashes).toContain(record.files[0]?.blake3);
    expect(await page.getByRole("region", { name: "Provenance" }).textContent()).toContain("import (copy)");
    await browser.screenshot("model");
  });

  it("verifies the files on request and reports a changed file", async () => {
    const { page } = browser;
    await page.goto(`${ui.url}/models/${ui.ids.qwen}`);
    await page.getByRole("button", { name: "Verify files" }).click();
    await expect
      .poll(() => page.locator("[data-verify-status]").getAttribute("data-verify-status"), EVENTUALLY)
      .toBe("ok");

    const file = (await ui.library.get(ui.ids.qwen)).files[0]?.path ?? "";
    const bytes = await readFile(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    await writeFile(file, bytes);
    await page.getByRole("button", { name: "Verify files" }).click();
    await expect
      .poll(() => page.locator("[data-verify-status]").getAttribute("data-verify-status"), EVENTUALLY)
      .toBe("corrupt");
    expect(await page.locator("#verify-result").textContent()).toContain("corrupt");
  });

  it("saves an edit as an override and undoes it", async () => {
    const { page } = browser;
    await page.goto(`${ui.url}/models/${ui.ids.lora}`);
    await page.getByLabel("Base model").fill("SD 1.5 (checked)");
    await page.getByLabel("Tags").fill("style, detail");
    await page.getByRole("button", { name: "Save edits" }).click();
    await expect
      .poll(() => page.locator("dl.facts").first().textContent(), EVENTUALLY)
      .toContain("SD 1.5 (checked)");
    expect((await ui.library.get(ui.ids.lora)).overrides).toMatchObject({
      base_model: "SD 1.5 (checked)",
      tags: ["style", "detail"],
    });
    expect(await page.locator("label[for=o-base_model]").textContent()).toContain("(edited)");
    await Promise.all([
      page.waitForEvent("load"),
      page.getByRole("button", { name: "Undo all edits" }).click(),
    ]);
    await expect.poll(async () => (await ui.library.get(ui.ids.lora)).overrides, EVENTUALLY).toEqual({});
  });

  it("removes a model after the user confirms", async () => {
    const { page } = browser;
    await page.goto(`${ui.url}/models/${ui.ids.hostile}`);
    let asked = "";
    page.once("dialog", (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await page.getByRole("button", { name: "Remove from library" }).click();
    await page.waitForURL(`${ui.url}/`);
    expect(asked).toBe(`Remove “${HOSTILE_NAME}” from the library?`);
    expect(await page.locator("table.models tbody tr").count()).toBe(3);
    await expect(ui.library.get(ui.ids.hostile)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("keyboard", () => {
  it("reaches the skip link first and the search box by label", async () => {
    const { page } = browser;
    await page.goto(ui.url);
    await page.keyboard.press("Tab");
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document
            .activeElement.textContent,
      ),
    ).toBe("Skip to content");
    await page.keyboard.press("Enter");
    expect(page.url()).toBe(`${ui.url}/#main`);
    await page.getByLabel("Search").focus();
    await page.keyboard.type("detail");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("table.models tbody tr").count(), EVENTUALLY).toBe(1);
  });
});
