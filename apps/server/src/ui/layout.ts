import { type Html, html } from "./html.js";
import type { UiContext } from "./ui-context.js";

/** The sections of the UI, in the order of the navigation bar. */
export const SECTIONS = [
  { id: "library", href: "/", label: "Library" },
  { id: "import", href: "/import", label: "Import" },
  { id: "hub", href: "/hub", label: "Hugging Face" },
  { id: "apps", href: "/apps", label: "Apps" },
  { id: "doctor", href: "/doctor", label: "Doctor" },
] as const;

export type SectionId = (typeof SECTIONS)[number]["id"];

/** A whole page: one stylesheet and one script module, both served by this server. */
export function layout(page: { title: string; section: SectionId | null; body: Html; ui: UiContext }): Html {
  const nav = SECTIONS.map(
    (s) =>
      html`<li><a href="${s.href}"${s.id === page.section ? html` aria-current="page"` : ""}>${s.label}</a></li>`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · mlib</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ui/app.css">
<script type="module" src="/ui/app.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<a class="brand" href="/">mlib</a>
<nav aria-label="Sections"><ul>${nav}</ul></nav>
</header>
<main id="main" tabindex="-1">
${page.body}
</main>
<div id="status" class="status" role="status" aria-live="polite"></div>
${page.ui.libraryRoot ? html`<footer class="bottom">Library: <code>${page.ui.libraryRoot}</code> · <a href="/docs">API reference</a></footer>` : ""}
</body>
</html>
`;
}
