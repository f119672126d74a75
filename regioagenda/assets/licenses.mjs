// Collects the licence texts of the npm packages in a bundle (from esbuild's metafile) into one
// file beside it: MIT and similar licences ask that their notice travels with every copy.
// Usage: node regioagenda/assets/licenses.mjs META_JSON OUT_TXT
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [metaPath, outPath] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(metaPath, "utf8"));
const packages = new Set();
for (const output of Object.values(meta.outputs)) {
  for (const [input, info] of Object.entries(output.inputs)) {
    const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (match && info.bytesInOutput > 0) { packages.add(match[1]); }
  }
}
const parts = [];
for (const name of [...packages].sort()) {
  const dir = join("node_modules", name);
  const { version, license } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((entry) => /^licen[cs]e/i.test(entry));
  if (!file) { throw new Error(`${name} ships no licence file; add its notice by hand`); }
  parts.push(`${name} ${version} (${license})\n\n${readFileSync(join(dir, file), "utf8").trim()}\n`);
}
writeFileSync(outPath, parts.join("\n" + "-".repeat(72) + "\n\n"));
