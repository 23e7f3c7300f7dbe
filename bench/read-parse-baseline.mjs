// The issue-3 baseline: only read every lockfile of a generated tree and run its format's parser
// (composer.lock is JSON; the rest by their extension).
// Usage: node bench/read-parse-baseline.mjs bench/.data/monorepo-100x1000
import fs from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { parse as parseToml } from 'smol-toml';

const tree = process.argv[2];
if (!tree) throw new Error('usage: node bench/read-parse-baseline.mjs TREE');
const started = performance.now();
let files = 0;
for (const dir of fs.readdirSync(tree)) {
  for (const project of fs.readdirSync(path.join(tree, dir))) {
    for (const file of fs.readdirSync(path.join(tree, dir, project))) {
      const text = fs.readFileSync(path.join(tree, dir, project, file), 'utf8');
      if (file.endsWith('.json') || file === 'composer.lock') JSON.parse(text);
      else if (file.endsWith('.yaml')) loadYaml(text, { schema: CORE_SCHEMA, json: true });
      else if (file.endsWith('.lock') && text.includes('[[package]]')) parseToml(text);
      else text.split('\n'); // yarn.lock v1, go.mod, Gemfile.lock, requirements.txt: no general parser
      files++;
    }
  }
}
console.log(`read and parsed ${files} files in ${((performance.now() - started) / 1000).toFixed(2)} s`);
