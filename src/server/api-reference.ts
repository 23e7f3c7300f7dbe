/**
 * The API reference page: the OpenAPI document rendered on the server as one HTML page with a table of
 * contents, grouped by tag. No script and no inline style, so the server's CSP holds as it is; every
 * piece of text from the document is escaped.
 */

export interface ApiDocument {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Schema> };
}

/** A JSON Schema (2020-12, as OpenAPI 3.1 has it), read loosely. */
export type Schema = { [key: string]: unknown };

interface Operation {
  method: string;
  path: string;
  anchor: string;
  tag: string;
  summary?: string;
  description?: string;
  access?: string;
  parameters: Parameter[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, { schema?: Schema }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export function renderApiReference(doc: ApiDocument, stylesheet: string): string {
  const operations = operationsOf(doc);
  const tags = [...new Set(operations.map((op) => op.tag))];
  const schemas = Object.entries(doc.components?.schemas ?? {});
  const title = `${doc.info.title} ${doc.info.version}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · API reference</title>
<link rel="stylesheet" href="${esc(stylesheet)}">
</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<header class="page-header">
<p class="brand"><a href="/">ospokit</a></p>
<h1>API reference <span class="version">${esc(doc.info.version)}</span></h1>
${doc.info.description ? `<p>${prose(doc.info.description)}</p>` : ''}
<p>The machine-readable description: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
</header>
<div class="layout">
<nav class="toc" aria-label="Operations">
<h2>Contents</h2>
<ul>
${tags.map((tag) => tocGroup(tag, operations)).join('\n')}
${schemas.length ? '<li><a href="#schemas">Schemas</a></li>' : ''}
</ul>
</nav>
<main id="content">
${tags.map((tag) => tagSection(tag, operations)).join('\n')}
${schemas.length ? schemasSection(schemas) : ''}
</main>
</div>
</body>
</html>
`;
}

/** Every operation of the document, in path order then method order, with a unique anchor. */
export function operationsOf(doc: ApiDocument): Operation[] {
  const out: Operation[] = [];
  const anchors = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const raw = item[method] as Record<string, unknown> | undefined;
      if (!raw) continue;
      let anchor = `op-${method}-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
      while (anchors.has(anchor)) anchor += '-';
      anchors.add(anchor);
      const tags = raw.tags as string[] | undefined;
      out.push({
        method,
        path,
        anchor,
        tag: tags?.[0] ?? 'other',
        summary: raw.summary as string | undefined,
        description: raw.description as string | undefined,
        access: raw['x-ospo-access'] as string | undefined,
        parameters: (raw.parameters as Parameter[] | undefined) ?? [],
        requestBody: raw.requestBody as Operation['requestBody'],
        responses: (raw.responses as Operation['responses'] | undefined) ?? {},
      });
    }
  }
  return out;
}

function tocGroup(tag: string, operations: Operation[]): string {
  const items = operations
    .filter((op) => op.tag === tag)
    .map(
      (op) =>
        `<li><a href="#${op.anchor}"><span class="method method-${op.method}">${op.method.toUpperCase()}</span> ${esc(op.path)}</a></li>`,
    );
  return `<li><a href="#tag-${slug(tag)}">${esc(tag)}</a><ul>${items.join('')}</ul></li>`;
}

function tagSection(tag: string, operations: Operation[]): string {
  const ops = operations.filter((op) => op.tag === tag);
  return `<section class="tag" aria-labelledby="tag-${slug(tag)}">
<h2 id="tag-${slug(tag)}">${esc(tag)}</h2>
${ops.map(operationSection).join('\n')}
</section>`;
}

function operationSection(op: Operation): string {
  const parts = [
    `<section class="operation" aria-labelledby="${op.anchor}">`,
    `<h3 id="${op.anchor}"><span class="method method-${op.method}">${op.method.toUpperCase()}</span> <code class="path">${esc(op.path)}</code> <a class="anchor" href="#${op.anchor}" aria-label="Link to ${op.method.toUpperCase()} ${esc(op.path)}">#</a></h3>`,
  ];
  if (op.summary) parts.push(`<p class="summary">${prose(op.summary)}</p>`);
  if (op.description) parts.push(`<p>${prose(op.description)}</p>`);
  parts.push(`<p class="access">${accessText(op.access)}</p>`);
  if (op.parameters.length) parts.push(parametersTable(op));
  if (op.requestBody) parts.push(requestBody(op.requestBody));
  parts.push(responsesTable(op));
  parts.push('</section>');
  return parts.join('\n');
}

function accessText(access: string | undefined): string {
  if (access === 'public') return 'Access: <strong>public</strong>, no sign-in needed.';
  if (access === 'signed-in') return 'Access: <strong>any signed-in user</strong>.';
  if (access) return `Access: signed in, with the permission <strong><code>${esc(access)}</code></strong>.`;
  return 'Access: <strong>not declared</strong>.';
}

function parametersTable(op: Operation): string {
  const rows = op.parameters.map(
    (p) =>
      `<tr><th scope="row"><code>${esc(p.name)}</code></th><td>${esc(p.in)}</td><td>${typeLabel(p.schema)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${prose(p.description ?? describedBy(p.schema))}</td></tr>`,
  );
  return `<h4>Parameters</h4>
<table><thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Description</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`;
}

function requestBody(body: NonNullable<Operation['requestBody']>): string {
  const content = Object.entries(body.content ?? {});
  const blocks = content.map(
    ([type, media]) => `<p>Content type <code>${esc(type)}</code>${body.required ? ', required' : ''}:</p>
${schemaBlock(media.schema, 0)}`,
  );
  return `<h4>Request body</h4>
${body.description ? `<p>${prose(body.description)}</p>` : ''}
${blocks.join('\n')}`;
}

function responsesTable(op: Operation): string {
  const rows = Object.entries(op.responses).map(([status, response]) => {
    const content = Object.entries(response.content ?? {});
    const types = content.length
      ? content.map(([type, media]) => `<code>${esc(type)}</code>: ${typeLabel(media.schema)}`).join('<br>')
      : '<span class="muted">no body</span>';
    return `<tr><th scope="row">${esc(status)}</th><td>${prose(response.description ?? '')}</td><td>${types}</td></tr>`;
  });
  return `<h4>Responses</h4>
<table><thead><tr><th scope="col">Status</th><th scope="col">Meaning</th><th scope="col">Body</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`;
}

function schemasSection(schemas: [string, Schema][]): string {
  const items = schemas.map(
    ([name, schema]) => `<section class="schema" aria-labelledby="schema-${slug(name)}">
<h3 id="schema-${slug(name)}">${esc(name)}</h3>
${schema.description ? `<p>${prose(String(schema.description))}</p>` : ''}
${schemaBlock(schema, 0)}
</section>`,
  );
  return `<section aria-labelledby="schemas"><h2 id="schemas">Schemas</h2>
${items.join('\n')}</section>`;
}

/** An object's properties as a table (nested objects inside, a few levels deep), anything else as its type. */
function schemaBlock(schema: Schema | undefined, depth: number): string {
  if (!schema) return '<p class="muted">Any JSON.</p>';
  const properties = schema.properties as Record<string, Schema> | undefined;
  if (properties && Object.keys(properties).length && depth < 4) {
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const rows = Object.entries(properties).map(([name, property]) => {
      const nested = inlineObject(property);
      return `<tr><th scope="row"><code>${esc(name)}</code></th><td>${typeLabel(property)}${nested ? schemaBlock(nested, depth + 1) : ''}</td><td>${required.has(name) ? 'yes' : 'no'}</td><td>${prose(describedBy(property))}</td></tr>`;
    });
    return `<table class="schema-table"><thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Description</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`;
  }
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (variants?.some((v) => v.properties) && depth < 4) {
    return `<p>One of:</p><ol class="variants">${variants.map((v) => `<li>${schemaBlock(v, depth + 1)}</li>`).join('')}</ol>`;
  }
  return `<p>${typeLabel(schema)}</p>`;
}

/** The object schema to show inside a property's cell: its own, or its array items'. */
function inlineObject(schema: Schema): Schema | undefined {
  if (schema.properties) return schema;
  const items = schema.items as Schema | undefined;
  return items?.properties ? items : undefined;
}

/** A short type: `string (uuid)`, `array of Project`, `"a" | "b"`, `Problem` linked to its schema. */
export function typeLabel(schema: Schema | undefined): string {
  if (!schema || Object.keys(schema).length === 0) return 'any';
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const name = ref.replace('#/components/schemas/', '');
    return `<a href="#schema-${slug(name)}">${esc(name)}</a>`;
  }
  if (Array.isArray(schema.enum))
    return schema.enum.map((v) => `<code>${esc(JSON.stringify(v))}</code>`).join(' | ');
  if ('const' in schema) return `<code>${esc(JSON.stringify(schema.const))}</code>`;
  const variants = (schema.anyOf ?? schema.oneOf ?? schema.allOf) as Schema[] | undefined;
  if (Array.isArray(variants)) return variants.map(typeLabel).join(schema.allOf ? ' &amp; ' : ' | ');
  const type = schema.type;
  if (Array.isArray(type)) return type.map((t) => esc(String(t))).join(' | ');
  if (type === 'array') return `array of ${typeLabel(schema.items as Schema | undefined)}`;
  if (type === 'object') {
    const extra = schema.additionalProperties;
    if (!schema.properties && extra && typeof extra === 'object') {
      return `map of string to ${typeLabel(extra as Schema)}`;
    }
    return 'object';
  }
  const format = schema.format ? ` (${esc(String(schema.format))})` : '';
  return `${esc(String(type ?? 'any'))}${format}${limits(schema)}`;
}

function limits(schema: Schema): string {
  const parts: string[] = [];
  if (typeof schema.minimum === 'number') parts.push(`≥ ${schema.minimum}`);
  if (typeof schema.maximum === 'number') parts.push(`≤ ${schema.maximum}`);
  if (typeof schema.maxLength === 'number') parts.push(`at most ${schema.maxLength} characters`);
  if (schema.default !== undefined) parts.push(`default <code>${esc(JSON.stringify(schema.default))}</code>`);
  return parts.length ? `, ${parts.join(', ')}` : '';
}

function describedBy(schema: Schema | undefined): string {
  return typeof schema?.description === 'string' ? schema.description : '';
}

/** Escaped text with `code spans` kept as code: the only markup the route descriptions use. */
function prose(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '-');
}

export function esc(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
