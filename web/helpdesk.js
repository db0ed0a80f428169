// helpdesk widget loader: defines <helpdesk-widget> and mount(element, config).
//
// This file is all a portal page loads up front. It renders the launcher (or the inline
// shell) in a Shadow DOM, and fetches the widget's wasm and its glue, which sit next to
// it, only when the widget is first opened, scrolled into view, or at once, as configured.
// No inline script or style anywhere, so the page can keep a strict Content-Security-Policy:
//   default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'
//
// Attributes: api-base, dialect (envelope|whmcs|crm), token, locale, theme (light|dark|auto),
// mode (launcher|inline), load (open|visible|eager), timeout (ms).
// The `token` property also takes a function (sync or async) the widget calls for a token,
// and calls again with {refresh: true} when the back end answers 401. Tokens stay in memory,
// in private fields: the widget gets them through a handle the loader gives its wasm at mount,
// and no property, method or global of the page returns them.
// With an envelope back end, a known outage of the subscriber's zone is shown above the widget
// (asked on connect and when the dialog opens), and the launcher shows how many tickets have a
// new staff answer (asked on connect, every minute and on close).
// The forms' photos are kept by helpdesk-photos.js (web/helpdesk-photos.js), fetched with the wasm.
// Events (CustomEvent, bubbling, composed): ready, ticket-created, auth-expired; only the
// widget emits them, and on() hears only those it emitted.

const here = import.meta.url;
const asset = (name) => new URL(name, here).href;

// [launcher, dialog title, close, loading, load failed, retry, unread (after the count),
//  outage heading, since, expected back, the same happens to me, noted, not noted,
//  photos label, remove, unreadable, at most 3, uploading, not uploaded, send again,
//  refused, no more photos, the ticket's photos]
const TEXTS = {
  es: ["Soporte", "Soporte técnico", "Cerrar", "Cargando…", "No pudimos cargar el soporte. Revise su conexión e inténtelo de nuevo.", "Reintentar", "con respuesta nueva",
    "Falla conocida en su zona", "Desde", "se estima que vuelva", "Me pasa lo mismo", "Anotado: le avisaremos cuando el servicio vuelva. No hace falta abrir un ticket.", "No pudimos anotarlo. Inténtelo de nuevo.",
    "Fotos (opcional, hasta 3)", "Quitar", "No pudimos leer esa imagen. Use una foto JPEG, PNG o WebP.", "Puede adjuntar hasta 3 fotos.", "Subiendo fotos…",
    "Lo que escribió quedó guardado, pero las fotos no se subieron.", "Pulse de nuevo el botón de enviar para reintentarlo.", "El servidor no aceptó una de las fotos.", "Este ticket ya no admite más fotos.", "Fotos del ticket"],
  en: ["Support", "Technical support", "Close", "Loading…", "We could not load support. Check your connection and try again.", "Try again", "with a new answer",
    "Known outage in your area", "Since", "expected back", "This happens to me too", "Noted: we will tell you when service is back. No need to open a ticket.", "We could not note it. Please try again.",
    "Photos (optional, up to 3)", "Remove", "We could not read that image. Use a JPEG, PNG or WebP photo.", "You can attach up to 3 photos.", "Uploading photos…",
    "What you wrote was saved, but the photos were not uploaded.", "Press the send button again to retry.", "The server did not accept one of the photos.", "This ticket takes no more photos.", "Photos of the ticket"],
  it: ["Assistenza", "Assistenza tecnica", "Chiudi", "Caricamento…", "Non riusciamo a caricare l'assistenza. Controlli la connessione e riprovi.", "Riprova", "con risposta nuova",
    "Guasto noto nella sua zona", "Dal", "ritorno previsto", "Succede anche a me", "Annotato: la avviseremo quando il servizio tornerà. Non serve aprire un ticket.", "Non siamo riusciti ad annotarlo. Riprovi.",
    "Foto (facoltative, fino a 3)", "Rimuovi", "Non riusciamo a leggere questa immagine. Usi una foto JPEG, PNG o WebP.", "Può allegare fino a 3 foto.", "Caricamento delle foto…",
    "Quanto ha scritto è stato salvato, ma le foto non sono state caricate.", "Prema di nuovo il pulsante di invio per riprovare.", "Il server non ha accettato una delle foto.", "Questo ticket non accetta altre foto.", "Foto del ticket"],
};
// How often the launcher asks how many tickets staff answered since the subscriber looked.
const UNREAD_EVERY_MS = 60000;

let runtime = null;

/**
 * The widget's wasm, fetched and instantiated once per page, with the forms' photo keeper.
 * The wasm is requested together with the scripts, not after them: one round trip less
 * before the list on a slow network.
 */
function loadRuntime() {
  if (!runtime) {
    const wasm = fetch(asset("helpdesk-widget_bg.wasm"));
    wasm.catch(() => {}); // a failure is reported where it is awaited
    runtime = Promise.all([import(asset("helpdesk-widget.js")), import(asset("helpdesk-photos.js"))]).then(async ([glue, photos]) => {
      await glue.default({ module_or_path: wasm });
      return { glue, Photos: photos.Photos };
    });
  }
  runtime.catch(() => { runtime = null; });
  return runtime;
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

export class HelpdeskWidget extends HTMLElement {
  #token = null;
  #cached = null;
  #root = null;
  #dialog = null;
  #launcher = null;
  #state = "idle"; // idle | loading | mounted | failed
  #observer = null;
  #emitted = new WeakSet();
  #badge = null;
  #poll = null;
  #outages = null;
  #photos = null;

  constructor() {
    super();
    // A token the page set before the element was defined is an own property that hides the
    // setter and stays readable: move it into the private field ("upgrade" the property).
    if (Object.prototype.hasOwnProperty.call(this, "token")) {
      const value = this.token;
      delete this.token;
      this.token = value;
    }
  }

  /** A bearer token, or a function returning one (or a promise of one). Write-only. */
  set token(value) {
    this.#token = value;
    this.#cached = null;
  }

  get #texts() {
    const tag = this.getAttribute("locale") || navigator.language || "es";
    return TEXTS[tag.slice(0, 2).toLowerCase()] || TEXTS.es;
  }

  get #mode() {
    return this.getAttribute("mode") === "inline" ? "inline" : "launcher";
  }

  connectedCallback() {
    if (this.#root) return;
    if (this.#token === null && this.hasAttribute("token")) {
      this.#token = this.getAttribute("token");
      this.removeAttribute("token"); // out of the DOM, kept in memory only
    }
    if (!this.hasAttribute("theme")) this.setAttribute("theme", "auto");
    const t = this.#texts;
    const shadow = this.attachShadow({ mode: "open" });
    this.#root = el("div", { class: "hd-root" });
    this.#outages = el("div", { class: "hd-outages" });
    shadow.append(el("link", { rel: "stylesheet", href: asset("widget.css") }));
    if (this.#mode === "inline") {
      shadow.append(el("div", { class: "hd-shell hd-shell--inline" }, this.#outages, this.#root));
    } else {
      this.#launcher = el("button", {
        type: "button", class: "hd-launcher", "aria-expanded": "false", "aria-controls": "hd-dialog",
        onclick: () => (this.#dialog.hidden ? this.open() : this.close()),
      }, t[0]);
      this.#badge = el("span", { class: "hd-launcher__unread", hidden: "" });
      this.#launcher.append(this.#badge);
      const close = el("button", { type: "button", class: "hd-close", "aria-label": t[2], onclick: () => this.close() }, "×");
      this.#dialog = el("div", { class: "hd-shell hd-shell--floating", id: "hd-dialog", role: "dialog", "aria-label": t[1], hidden: "" },
        el("div", { class: "hd-shell__bar" }, close), this.#outages, this.#root);
      this.#dialog.addEventListener("keydown", (e) => { if (e.key === "Escape") this.close(); });
      shadow.append(this.#launcher, this.#dialog);
    }
    if ((this.getAttribute("dialect") || "envelope") === "envelope") {
      this.#outage();
      if (this.#badge) {
        this.#unread();
        this.#poll = setInterval(() => this.#unread(), UNREAD_EVERY_MS);
      }
    }
    const load = this.getAttribute("load") || (this.#mode === "inline" ? "visible" : "open");
    if (load === "eager") this.#start();
    else if (load === "visible" && "IntersectionObserver" in window) {
      // Start a little before it scrolls into view, so it is ready when seen.
      this.#observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) this.#start();
      }, { rootMargin: "200px" });
      this.#observer.observe(this);
    } else if (load === "visible") this.#start();
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
    this.#observer = null;
    clearInterval(this.#poll);
  }

  /**
   * A GET or POST of the envelope API with the subscriber's token. A refused token is not
   * refreshed here: the widget does that (once), and these requests use the token it got.
   */
  async #api(path, method = "GET") {
    const base = this.getAttribute("api-base") || "";
    return fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${await this.#tokenFor(false)}` } });
  }

  /**
   * The known outage of the subscriber's zone, shown before the widget (before its wasm has
   * even loaded): what is known, since when, the estimate, and "the same happens to me",
   * which records the subscriber on it instead of a ticket. Nothing when there is none or it
   * cannot be read.
   */
  async #outage() {
    try {
      const answer = await this.#api("/api/v1/outages");
      const outage = answer.ok ? (await answer.json())?.data?.outages?.[0] : null;
      if (!outage) return this.#outages.replaceChildren();
      const t = this.#texts;
      const tag = this.getAttribute("locale") || navigator.language || "es";
      const when = (text) => {
        const [y, m, d, hh, mm] = String(text).split(/\D/).map(Number);
        return new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short" }).format(new Date(y, m - 1, d, hh, mm));
      };
      let since = `${t[8]} ${when(outage.started_at)}`;
      if (outage.estimated_end) since += ` · ${t[9]} ${when(outage.estimated_end)}`;
      const note = el("p", { role: "status" }, outage.joined ? t[11] : "");
      const same = el("button", { type: "button", class: "hd-button", onclick: async () => {
        same.disabled = true;
        const reported = await this.#api(`/api/v1/outages/${Number(outage.outage_id)}/reports`, "POST").catch(() => null);
        note.textContent = reported?.ok ? t[11] : t[12];
        same.hidden = Boolean(reported?.ok);
        same.disabled = false;
      } }, t[10]);
      same.hidden = Boolean(outage.joined);
      this.#outages.replaceChildren(el("section", { class: "hd-outage", "aria-labelledby": "hd-outage-title" },
        el("h2", { id: "hd-outage-title" }, t[7]), el("p", {}, String(outage.message ?? "")),
        el("p", { class: "hd-outage__when" }, since), note, same));
    } catch {
      // Offline, or no token yet: no notice, the widget goes on.
    }
  }

  /**
   * The launcher's badge: how many tickets staff answered or moved since the subscriber last
   * opened them (the list's `total` with `unread=true`). Asked while the dialog is closed and
   * the page shown; any failure leaves the badge as it was, and never reaches the page.
   */
  async #unread() {
    if (!this.#dialog.hidden || document.visibilityState === "hidden") return;
    try {
      const answer = await this.#api("/api/v1/tickets?unread=true&per_page=1");
      if (!answer.ok) return;
      const n = Number((await answer.json())?.data?.total) || 0;
      const count = el("span", { class: "hd-launcher__count", "aria-hidden": "true" }, String(n));
      this.#badge.replaceChildren(count, el("span", { class: "hd-sr" }, `, ${n} ${this.#texts[6]}`));
      this.#badge.hidden = n === 0;
    } catch {
      // Offline, or no token yet: the badge stays as it was.
    }
  }

  /** Open the widget (launcher mode shows its dialog); loads it on first use. */
  open() {
    if (this.#dialog?.hidden && this.#poll) this.#outage();
    if (this.#dialog) {
      this.#dialog.hidden = false;
      this.#launcher.setAttribute("aria-expanded", "true");
      this.#dialog.querySelector(".hd-close").focus();
    }
    return this.#start();
  }

  /** Close the launcher's dialog and give focus back to the launcher. */
  close() {
    if (!this.#dialog || this.#dialog.hidden) return;
    this.#dialog.hidden = true;
    this.#launcher.setAttribute("aria-expanded", "false");
    this.#launcher.focus();
    // What the subscriber read inside is no longer news.
    if (this.#poll) this.#unread();
  }

  /**
   * Call `callback(detail, event)` on each `name` event the widget emits (not on one another
   * script dispatches); returns the unsubscribe function.
   */
  on(name, callback) {
    const listener = (event) => { if (this.#emitted.has(event)) callback(event.detail, event); };
    this.addEventListener(name, listener);
    return () => this.removeEventListener(name, listener);
  }

  async #start() {
    this.#observer?.disconnect();
    this.#observer = null;
    if (this.#state === "loading" || this.#state === "mounted") return;
    this.#state = "loading";
    const t = this.#texts;
    this.#root.replaceChildren(el("p", { class: "hd-loading", role: "status" }, t[3]));
    try {
      const { glue, Photos } = await loadRuntime();
      this.#photos ??= new Photos({
        el,
        texts: () => this.#texts,
        api: (path) => this.#api(path),
        token: (refresh) => this.#tokenFor(refresh),
        base: () => this.getAttribute("api-base") || "",
        envelope: () => (this.getAttribute("dialect") || "envelope") === "envelope",
      });
      this.#root.replaceChildren();
      // The widget's only way to the token and to the element's events: this handle, which
      // no other script can reach.
      const host = Object.freeze({
        token: (refresh) => this.#tokenFor(refresh),
        emit: (name, detail) => this.#emit(name, detail),
        attach: (key, ticket) => this.#photos.attach(String(key), Number(ticket)),
      });
      this.#photos.watch(this.#root);
      glue.mount(this.#root, {
        apiBase: this.getAttribute("api-base") || "",
        dialect: this.getAttribute("dialect") || "envelope",
        locale: this.getAttribute("locale") || "",
        timeout: this.getAttribute("timeout") || "",
      }, host);
      this.#state = "mounted";
      this.#emit("ready", null);
    } catch (error) {
      this.#state = "failed";
      console.error("helpdesk: the widget could not load", error);
      this.#root.replaceChildren(el("div", { class: "hd-error", role: "alert" },
        el("p", {}, t[4]),
        el("button", { type: "button", class: "hd-button", onclick: () => this.#start() }, t[5])));
    }
  }

  /** For the widget: the token, asking the host page's callback again on `refresh`. */
  async #tokenFor(refresh) {
    if (typeof this.#token !== "function") return String(this.#token ?? "");
    if (refresh || this.#cached === null) this.#cached = String(await this.#token({ refresh: Boolean(refresh) }));
    return this.#cached;
  }

  /** For the widget: dispatch an event from the element. */
  #emit(name, detail) {
    const event = new CustomEvent(name, { detail, bubbles: true, composed: true });
    this.#emitted.add(event);
    this.dispatchEvent(event);
  }
}

if (!customElements.get("helpdesk-widget")) customElements.define("helpdesk-widget", HelpdeskWidget);

const ATTRIBUTES = { apiBase: "api-base", dialect: "dialect", locale: "locale", theme: "theme", mode: "mode", load: "load", timeout: "timeout" };

/**
 * Create a <helpdesk-widget> inside `element` from a config object (apiBase, dialect,
 * token, locale, theme, mode, load, timeout). Returns the widget: open(), close(), on().
 */
export function mount(element, config = {}) {
  const widget = document.createElement("helpdesk-widget");
  for (const [key, attribute] of Object.entries(ATTRIBUTES)) {
    if (config[key] != null) widget.setAttribute(attribute, String(config[key]));
  }
  if (config.token != null) widget.token = config.token;
  element.append(widget);
  return widget;
}
