// `npm run lint` (after Biome): fails when an import runs up the layers or two
// module folders import each other in a loop. The rules are in layers.ts.
import { checkLayers, readSourceTree } from "./layers";

const root = process.argv[2] ?? process.cwd();
const files = readSourceTree(root);
const violations = checkLayers(files);
for (const v of violations) console.error(`${v.file}:${v.line}: ${v.message}`);
if (violations.length) {
  console.error(`\n${violations.length} layer rule(s) broken. The layers are described in README.md (Architecture).`);
  process.exit(1);
}
console.log(`Layers: ${files.size} files, every import runs down and no module folders form a loop.`);
