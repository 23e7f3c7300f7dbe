/** The API reference page's stylesheet, served as a file because the CSP allows no inline style. */
export const apiReferenceStyle = `:root {
  --bg: #f6f7f9; --surface: #fff; --text: #1c2330; --muted: #5a6475; --border: #d9dee5;
  --accent: #2557c7; --focus: #1f6feb; --code: #f0f2f5;
  --get: #17663a; --post: #2557c7; --put: #8a5a00; --delete: #b42318; --patch: #6b3fb0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 15px; line-height: 1.5; color: var(--text); background: var(--bg); color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #12151b; --surface: #1a1f27; --text: #e6e9ee; --muted: #9aa4b2; --border: #2e3541;
    --accent: #6c9cff; --focus: #8fb3ff; --code: #222832;
    --get: #7dd3a0; --post: #8fb3ff; --put: #f0c36b; --delete: #ff8a80; --patch: #c9a6ff;
  }
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--accent); }
a:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em;
  background: var(--code); padding: 0 0.25em; border-radius: 3px; overflow-wrap: anywhere; }
.skip-link { position: absolute; left: -999px; }
.skip-link:focus { left: 1rem; top: 1rem; background: var(--surface); padding: 0.5rem; z-index: 1; }
.page-header { padding: 1rem 2rem; background: var(--surface); border-bottom: 1px solid var(--border); }
.page-header h1 { margin: 0.25rem 0; }
.brand { margin: 0; font-weight: 700; }
.brand a { color: inherit; text-decoration: none; }
.version { font-size: 0.6em; color: var(--muted); font-weight: 400; }
.layout { display: grid; grid-template-columns: minmax(14rem, 22rem) 1fr; gap: 2rem; padding: 1rem 2rem; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } }
.toc { font-size: 0.9rem; position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto; }
@media (max-width: 900px) { .toc { position: static; max-height: none; } }
.toc ul { list-style: none; padding-left: 0.75rem; margin: 0.25rem 0; }
.toc > ul { padding-left: 0; }
.toc a { text-decoration: none; overflow-wrap: anywhere; }
.toc a:hover { text-decoration: underline; }
main { min-width: 0; }
.operation, .schema { background: var(--surface); border: 1px solid var(--border); border-radius: 6px;
  padding: 0.5rem 1rem 1rem; margin: 0 0 1rem; }
.operation h3 { font-size: 1.05rem; overflow-wrap: anywhere; }
.operation h4 { margin: 1rem 0 0.25rem; font-size: 0.95rem; }
.method { display: inline-block; min-width: 4.2em; font-family: ui-monospace, Menlo, Consolas, monospace;
  font-weight: 700; font-size: 0.85em; }
.method-get { color: var(--get); } .method-post { color: var(--post); } .method-put { color: var(--put); }
.method-delete { color: var(--delete); } .method-patch { color: var(--patch); }
.anchor { color: var(--muted); text-decoration: none; margin-left: 0.25rem; }
.summary { font-weight: 600; }
.access { color: var(--muted); }
.muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 0.25rem 0; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--border); padding: 0.3rem 0.5rem; }
thead th { color: var(--muted); font-weight: 600; }
tbody th code { white-space: nowrap; }
.schema-table .schema-table { margin-top: 0.5rem; }
.variants { padding-left: 1.25rem; }
`;
