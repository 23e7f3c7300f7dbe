#!/usr/bin/env node
// The `ospo` command. The TypeScript sources are compiled to dist/ by `npm run build`.
try {
  await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('ospo: ospokit is not built yet. Run `npm run build` in its folder first.\n');
    process.exit(3);
  }
  throw error;
}
