import { z } from 'zod';
import { type ApiDocument, renderApiReference } from '../api-reference.js';
import { apiReferenceStyle } from '../api-reference-style.js';
import { type App, defineRoute } from '../context.js';

export const API_DOCS_PATH = '/api/docs';
/** Served beside the page, outside the OpenAPI document: it is part of the page, not of the API. */
export const API_DOCS_STYLESHEET = '/api/docs/style.css';

/**
 * The API reference page, rendered from the same OpenAPI document as /api/openapi.json. Routes do not
 * change once the app is built, so the page is rendered once, on first request.
 */
export function docsRoutes(app: App, document: () => unknown): void {
  let page: string | undefined;
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: API_DOCS_PATH,
      tags: ['system'],
      summary: 'This API reference, as a web page',
      responses: {
        200: { description: 'The reference page.', content: { 'text/html': { schema: z.string() } } },
      },
    }),
    (c) => {
      page ??= renderApiReference(document() as ApiDocument, API_DOCS_STYLESHEET);
      return c.html(page, 200);
    },
  );
  app.get(API_DOCS_STYLESHEET, (c) =>
    c.body(apiReferenceStyle, 200, { 'content-type': 'text/css; charset=utf-8' }),
  );
}
