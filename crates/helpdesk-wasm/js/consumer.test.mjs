// A JavaScript consumer of the built package (`cargo xtask wasm-pkg`), run with `node --test`.
// It imports the package the way a portal's own scripts would, then uses every export.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const pkg = process.env.HELPDESK_WASM_PKG;
assert.ok(pkg, "HELPDESK_WASM_PKG must point at the built package");
const core = await import(pathToFileURL(join(pkg, "helpdesk_wasm.js")).href);
core.initSync({ module: readFileSync(join(pkg, "helpdesk_wasm_bg.wasm")) });

test("package.json points at the module and its types", () => {
  const meta = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  assert.equal(meta.type, "module");
  assert.equal(meta.main, "helpdesk_wasm.js");
  assert.equal(meta.types, "helpdesk_wasm.d.ts");
});

test("subject catalog and validation", () => {
  const catalog = core.subjectCatalog();
  assert.equal(catalog.length, 31);
  assert.deepEqual(core.validateSubject("Cambio A Fibra \u004f\u0301ptica"), { name: "Cambio A Fibra Óptica", priority: "very_high" });
  assert.equal(core.priorityOfSubject("Internet Lento"), 2);
  assert.equal(core.priorityOfSubject("Falla Masiva"), undefined);
  assert.throws(() => core.validateSubject("Falla Masiva"), (e) => e instanceof Error && /not a subject/.test(e.message));
});

test("the subject search: a subscriber's words, the core's order", () => {
  const first = (q, lang) => core.searchSubjects(q, lang)[0]?.name;
  assert.equal(first("no tengo internet"), "No Tiene Internet");
  assert.equal(first("internet lento en la noche", "es"), "Internet Lento");
  assert.equal(first("router resetiado"), "Router Wifi Reseteado (Valores de Fabrica)");
  assert.equal(first("my internet is slow", "en"), "Internet Lento");
  assert.equal(first("non ho internet", "it"), "No Tiene Internet");
  assert.deepEqual(core.searchSubjects("qwertyuiop"), []);
  const worded = core.wordedSubjectCatalog();
  assert.equal(worded.find((s) => s.name === "PoE Dañado").wording.find((w) => w.lang === "en").label, "The antenna's power adapter is not working");
  // An ISP's own catalog: its own wording searched, the built-in filled in for known names.
  const own = [
    { name: "Falla Eléctrica", priority: "high", wording: [{ lang: "es", label: "Se fue la luz", words: ["apagón"] }] },
    { name: "Internet Lento", priority: "normal" },
  ];
  assert.deepEqual(core.searchSubjects("hubo un apagon", "es", own).map((s) => s.name), ["Falla Eléctrica"]);
  assert.equal(core.searchSubjects("va lento", "es", own)[0].name, "Internet Lento");
  assert.throws(() => core.searchSubjects("x", "es", [{ name: "" }]), /invalid catalog/);
});

test("holidays and business days", () => {
  assert.ok(core.holidays("CO", 2026).includes("2026-01-12"));
  assert.ok(core.holidays("MX", 2026).includes("2026-03-16"));
  assert.ok(core.holidays("PE", 2026).includes("2026-06-07"));
  assert.throws(() => core.holidays("CO", 1900), /1984/);
  assert.equal(core.addBusinessDays("2025-12-31T10:00", 3, "CO"), "2026-01-06T10:00:00");
  assert.equal(core.addBusinessDays("2026-02-26T10:00", 3, { country: "IT" }), "2026-03-03T10:00:00");
  assert.throws(() => core.addBusinessDays("not a date", 3, "CO"), Error);
});

test("a business calendar compiled once answers as addBusinessDays", () => {
  const co = new core.BusinessCalendar("CO");
  for (const [start, n] of [["2025-12-31T10:00", 3], ["2026-02-28T10:00", 3], ["2099-12-24T08:30", 10], ["2100-12-31T10:00", 2], ["1899-12-30T10:00", 40]]) {
    assert.equal(co.addBusinessDays(start, n), core.addBusinessDays(start, n, "CO"), `${start} + ${n}`);
  }
  const own = new core.BusinessCalendar({ country: "CO", extra_holidays: ["2026-03-02"] });
  assert.equal(own.addBusinessDays("2026-02-26T10:00", 3), "2026-03-04T10:00:00");
  assert.equal(co.isBusinessDay("2026-01-12"), false);
  assert.equal(co.isBusinessDay("2026-01-13"), true);
  assert.throws(() => co.addBusinessDays("26/02/2026", 3), /not a local date-time/);
  assert.throws(() => co.isBusinessDay("mañana"), /not a date/);
  assert.throws(() => new core.BusinessCalendar({ country: "ZZ" }), /invalid calendar/);
  co.free();
});

test("resolution estimate in the ISP's timezone", () => {
  const e = core.estimateResolution("2026-02-26T15:00:00Z", { timezone: "America/Bogota" });
  assert.deepEqual(e, { created_at: "2026-02-26T10:00:00", end_date: "2026-03-03T10:00:00" });
  assert.throws(() => core.estimateResolution("2026-02-26T15:00:00Z", { timezone: "Nowhere/Land" }), /Nowhere\/Land/);
});

test("zone limit", () => {
  assert.deepEqual(core.zoneAllows(3), { decision: "blocked", max_tickets: 3 });
  assert.deepEqual(core.zoneAllows(3, { max_tickets: 5 }), { decision: "allowed", remaining: 2 });
  assert.throws(() => core.zoneAllows(-1), /non-negative/);
});

test("parsers of the three dialects", () => {
  const body = JSON.stringify({ ok: true, type: "info", action: "ticket_not_found", data: null });
  assert.equal(core.parseTicket(body, "envelope"), null);
  const crm = JSON.stringify({ success: false, message: "Unauthorized" });
  assert.throws(() => core.parseTicket(crm, "crm"), /Unauthorized/);
  assert.throws(() => core.parseTicket("<html>oops</html>", "whmcs"), /not JSON/);
});

test("the TypeScript declarations type every export", () => {
  const dts = readFileSync(join(pkg, "helpdesk_wasm.d.ts"), "utf8");
  for (const signature of [
    "export function subjectCatalog(): Subject[];",
    "export function searchSubjects(query: string, lang: string | null | undefined, catalog: Subject[] | undefined): Subject[];",
    "export function estimateResolution(now_utc_iso: string, policy: Policy | undefined): Estimate;",
    "export function zoneAllows(active_count: number, policy: Policy | undefined): ZoneDecision;",
    "export interface Ticket {",
  ]) {
    assert.ok(dts.includes(signature), `missing: ${signature}`);
  }
});
