import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiDocument, operationsOf, renderApiReference } from '../../src/server/api-reference.js';
import { createApp } from '../../src/server/app.js';
import type { Store } from '../../src/services/ports.js';

/** The reference page needs no store: it is the OpenAPI document, rendered. */
const app = createApp({ store: {} as Store, version: '9.9.9-test', storeKind: 'pglite', webRoot: null });
let doc: ApiDocument;
let html: string;

beforeAll(async () => {
  doc = (await (await app.request('/api/openapi.json')).json()) as ApiDocument;
  const res = await app.request('/api/docs');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  html = await res.text();
});

describe('GET /api/docs', () => {
  it('renders every operation of the OpenAPI document, with its access, under a table of contents', () => {
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThanOrEqual(30);
    const sections = html.split('<section class="operation"').slice(1);
    expect(sections).toHaveLength(operations.length);
    for (const op of operations) {
      const section = sections.find((s) => s.includes(`id="${op.anchor}"`));
      expect(section, `${op.method} ${op.path}`).toBeDefined();
      expect(section).toContain(`<code class="path">${op.path}</code>`);
      expect(section).toContain(op.method.toUpperCase());
      if (op.access && !['public', 'signed-in'].includes(op.access))
        expect(section).toContain(`<code>${op.access}</code>`);
      expect(html, 'linked from the contents').toContain(`href="#${op.anchor}"`);
    }
    expect(html).toContain('<h1>API reference <span class="version">9.9.9-test</span></h1>');
    expect(html).toContain('href="/api/openapi.json"');
  });

  it('shows parameters, request bodies, responses and the schemas they refer to', () => {
    const audit = html
      .split('<section class="operation"')
      .find((s) => s.includes('id="op-get-api-v1-audit"'));
    for (const name of ['limit', 'cursor', 'actor', 'action', 'targetType', 'targetId', 'since', 'until']) {
      expect(audit).toContain(`<code>${name}</code>`);
    }
    expect(audit).toContain('<a href="#schema-AuditPage">AuditPage</a>');
    expect(audit).toContain('<a href="#schema-Problem">Problem</a>');
    const create = html
      .split('<section class="operation"')
      .find((s) => s.includes('id="op-post-api-v1-projects"'));
    expect(create).toContain('<h4>Request body</h4>');
    expect(create).toContain('<code>application/json</code>, required');
    expect(create).toContain('<code>name</code>');
    for (const name of Object.keys((doc as { components: { schemas: object } }).components.schemas)) {
      expect(html).toContain(`id="schema-${name}"`);
    }
  });

  it('needs no script, inline style or other origin, and its stylesheet is served', async () => {
    expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain('<link rel="stylesheet" href="/api/docs/style.css">');
    const css = await app.request('/api/docs/style.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('.operation');
  });
});

describe('renderApiReference', () => {
  it('escapes everything the document says', () => {
    const evil = '<script>alert(1)</script>';
    const page = renderApiReference(
      {
        info: {
          title: `T${evil}`,
          version: `"><img src=x onerror=alert(2)>`,
          description: `d ${evil} \`code\``,
        },
        paths: {
          '/api/<b>x</b>/{id}': {
            post: {
              tags: [`" onclick="alert(3)`],
              summary: evil,
              'x-ospo-access': `${evil}:write`,
              parameters: [
                { name: evil, in: 'path', required: true, schema: { type: 'string', description: evil } },
              ],
              requestBody: {
                content: { 'application/json': { schema: { $ref: `#/components/schemas/${evil}` } } },
              },
              responses: {
                200: { description: evil, content: { 'text/plain': { schema: { enum: [evil] } } } },
              },
            },
          },
        },
        components: { schemas: { [evil]: { type: 'object', properties: { [evil]: { type: 'string' } } } } },
      },
      '/style.css',
    );
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>');
    expect(page).not.toMatch(/<[^>]*\son[a-z]+=/i); // no event handler attribute in any tag
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('<code>code</code>'); // the one markup descriptions may use
  });

  it('gives every operation its own anchor, even when paths differ only in punctuation', () => {
    const ops = operationsOf({
      info: { title: 't', version: '1' },
      paths: { '/a/{b}': { get: {}, put: {} }, '/a/b': { get: {} } },
    });
    expect(ops.map((op) => op.anchor)).toEqual(['op-get-a-b', 'op-put-a-b', 'op-get-a-b-']);
    expect(ops.map((op) => op.tag)).toEqual(['other', 'other', 'other']);
  });
});
