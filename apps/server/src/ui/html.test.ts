import { describe, expect, it } from "vitest";
import { html } from "./html.js";

describe("html", () => {
  it("escapes every interpolated string, in text and in attributes", () => {
    const name = `<img src=x onerror="alert(1)">'&`;
    const out = html`<a title="${name}">${name}</a>`.value;
    expect(out).toBe(
      `<a title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;</a>`,
    );
    expect(out).not.toContain("<img");
  });

  it("inserts nested markup as is and escapes the strings inside lists", () => {
    const items = ["<b>", "ok"].map((s) => html`<li>${s}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe("<ul><li>&lt;b&gt;</li><li>ok</li></ul>");
    expect(html`${html`<hr>`}${["<x>", 3]}`.value).toBe("<hr>&lt;x&gt;3");
  });

  it("leaves out null, undefined and booleans, and prints numbers", () => {
    expect(html`[${null}${undefined}${false}${true}${0}]`.value).toBe("[0]");
  });
});
