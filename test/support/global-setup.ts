import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openStore } from '../../src/store/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * Create one migrated PGlite store for the whole run; tests copy it (0.1 s) instead of running initdb
 * (several seconds) for every fresh store.
 */
export default async function setup(project: TestProject) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-template-'));
  const store = await openStore({ kind: 'pglite', dataDir: root });
  await store.close();
  project.provide('pgliteTemplate', root);
  if (!process.env.TEST_DATABASE_URL) {
    console.log(
      'notice: TEST_DATABASE_URL is not set; the store suite runs on PGlite only (CI runs PostgreSQL too).',
    );
  }
  return () => fs.rmSync(root, { recursive: true, force: true });
}
