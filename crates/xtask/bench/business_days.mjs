// The business-days benchmark, wasm half: the cases of `cases.csv` through the helpdesk-core
// package (`cargo xtask wasm-pkg`) under Node, one call per case on a `BusinessCalendar`
// compiled once, as a portal's script would call it. Writes the answers and the median ns per
// case of many rounds.
//
// Usage: node business_days.mjs DIR PKG
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, pkg] = process.argv.slice(2);
const core = await import(pathToFileURL(join(pkg, "helpdesk_wasm.js")).href);
core.initSync({ module: readFileSync(join(pkg, "helpdesk_wasm_bg.wasm")) });

const cases = readFileSync(join(dir, "cases.csv"), "utf8")
  .trim()
  .split("\n")
  .map((line) => {
    const [day, n] = line.split(",");
    return [`${day}T00:00`, Number(n)];
  });
const colombia = new core.BusinessCalendar("CO");
const answers = cases.map(([start, n]) => colombia.addBusinessDays(start, n).slice(0, 10));
writeFileSync(join(dir, "wasm.txt"), answers.map((a) => `${a}\n`).join(""));

const rounds = [];
let sink = 0;
for (let r = 0; r < 21; r++) {
  const started = process.hrtime.bigint();
  for (const [start, n] of cases) {
    sink += colombia.addBusinessDays(start, n).length;
  }
  rounds.push(Number(process.hrtime.bigint() - started) / cases.length);
}
rounds.sort((a, b) => a - b);
const ns = rounds[Math.floor(rounds.length / 2)];
writeFileSync(join(dir, "wasm.json"), JSON.stringify({ wasm_ns: ns, node_version: process.version, sink }));
console.log(`helpdesk-core wasm under Node ${process.version}: ${ns.toFixed(0)} ns per call`);
