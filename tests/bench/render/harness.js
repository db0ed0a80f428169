// The rendering benchmark, run in headless Chromium by `cargo xtask bench`: the widget's own
// components (widget-bench, compiled as the widget ships) and the hand-written vanilla page
// (vanilla.js) render the same API answers, in turns, many times; the medians are reported.
// Each figure runs from the call (or the filter button's click) until the DOM is updated
// and laid out: one macrotask boundary, so every queued update has run, then a layout
// forced. Both render inside a shadow root with the widget's stylesheet, as the widget
// does. Before timing, the harness checks that both gave the same DOM.

import init, { mountList, mountThread, sampleList, sampleThread } from "./pkg/widget_bench.js";
import * as vanilla from "./vanilla.js";

const params = new URLSearchParams(location.search);
const TICKETS = Number(params.get("tickets") ?? 1000);
const MESSAGES = Number(params.get("messages") ?? 500);
const RUNS = Number(params.get("runs") ?? 30);
const WARMUP = Number(params.get("warmup") ?? 5);
// The thread's "now", as widget-bench fixes it.
const NOW = "2026-12-01 12:00";

const macrotask = () =>
  new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });

const impls = {
  helpdesk: {
    list: (el, body) => mountList(el, body),
    thread: (el, body) => mountThread(el, body),
    unmount: (m) => m.free(),
  },
  vanilla: {
    list: (el, body) => vanilla.mountList(el, body),
    thread: (el, body) => vanilla.mountThread(el, body, NOW),
    unmount: (m) => m.remove(),
  },
};

/** A fresh host with a shadow root holding the widget's stylesheet; the container inside. */
async function host() {
  const host = document.createElement("div");
  document.body.append(host);
  const shadow = host.attachShadow({ mode: "open" });
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = "widget.css";
  const loaded = new Promise((resolve) => (link.onload = resolve));
  shadow.append(link);
  const container = document.createElement("div");
  container.className = "hd-widget";
  shadow.append(container);
  await loaded;
  return { host, container };
}

/** Time `act` until the DOM is updated and laid out, in ms. */
async function timed(act, el) {
  const start = performance.now();
  act();
  await macrotask();
  void el.offsetHeight;
  return performance.now() - start;
}

/** The DOM under `node` as text: elements with sorted attributes, text runs, no comments. */
function shape(node) {
  let out = "";
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) out += child.data;
    else if (child.nodeType === Node.ELEMENT_NODE) {
      const attrs = [...child.attributes]
        .filter((a) => !(a.name === "class" && a.value === ""))
        .map((a) => `${a.name}="${a.value}"`)
        .sort()
        .join(" ");
      out += `<${child.localName}${attrs ? " " + attrs : ""}>${shape(child)}</${child.localName}>`;
    }
  }
  return out;
}

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return { at: i, helpdesk: a.slice(Math.max(0, i - 120), i + 200), vanilla: b.slice(Math.max(0, i - 120), i + 200) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function once(impl, bodies, shapes) {
  const times = {};
  let { host: h, container } = await host();
  let mounted;
  times.list = await timed(() => (mounted = impl.list(container, bodies.list)), h);
  shapes?.push(shape(container));
  const open = container.querySelectorAll(".hd-filter__option")[1];
  times.filter = await timed(() => open.click(), h);
  shapes?.push(shape(container));
  impl.unmount(mounted);
  h.remove();
  ({ host: h, container } = await host());
  times.thread = await timed(() => (mounted = impl.thread(container, bodies.thread)), h);
  shapes?.push(shape(container));
  impl.unmount(mounted);
  h.remove();
  await macrotask();
  globalThis.gc?.();
  return times;
}

async function run() {
  await init();
  const bodies = { list: sampleList(TICKETS), thread: sampleThread(MESSAGES) };
  // Both must give the same markup, for the list, the filtered list and the thread.
  const shapes = { helpdesk: [], vanilla: [] };
  await once(impls.helpdesk, bodies, shapes.helpdesk);
  await once(impls.vanilla, bodies, shapes.vanilla);
  const views = ["list", "filtered list", "thread"];
  for (let i = 0; i < views.length; i++) {
    if (shapes.helpdesk[i] !== shapes.vanilla[i]) {
      return { error: `the ${views[i]} differs`, ...firstDifference(shapes.helpdesk[i], shapes.vanilla[i]) };
    }
  }
  const items = (s) => (s.match(/<li>/g) ?? []).length;
  const counts = { list: items(shapes.helpdesk[0]), filtered: items(shapes.helpdesk[1]), messages: (shapes.helpdesk[2].match(/<li /g) ?? []).length };
  const samples = { helpdesk: { list: [], filter: [], thread: [] }, vanilla: { list: [], filter: [], thread: [] } };
  for (let r = 0; r < WARMUP + RUNS; r++) {
    // Alternate which goes first, so neither always runs on a warmer or busier engine.
    const order = r % 2 ? ["vanilla", "helpdesk"] : ["helpdesk", "vanilla"];
    for (const name of order) {
      const t = await once(impls[name], bodies);
      if (r >= WARMUP) for (const k in t) samples[name][k].push(t[k]);
    }
  }
  const medians = {};
  for (const name in samples) {
    medians[name] = {};
    for (const k in samples[name]) medians[name][k] = median(samples[name][k]);
  }
  return { tickets: TICKETS, messages: MESSAGES, runs: RUNS, counts, medians, userAgent: navigator.userAgent };
}

run().then(
  (r) => (globalThis.benchResult = r),
  (e) => (globalThis.benchResult = { error: String(e?.stack ?? e) }),
);
