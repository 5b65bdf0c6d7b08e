import { escapeHtml } from "./escape-html.js";

/** Markup that is already safe (made by `html`): inserted into other markup as is. */
export class Html {
  constructor(readonly value: string) {}
}

/** Values a template may hold: markup, text (escaped), lists of either, or nothing. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false || value === true) return "";
  return escapeHtml(String(value));
}

/**
 * Template tag that escapes every interpolated value unless it is `Html`: model names come from
 * files and search results from the network, so nothing reaches the page unescaped by default.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? "");
  return new Html(out);
}
