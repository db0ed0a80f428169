// The rendering benchmark's alternative: a small hand-written vanilla-JS page that reads
// the same API answers as the widget and renders the same markup (the harness checks that
// both give the same DOM), as a developer would write it without a framework: DOM calls,
// one delegated listener per list, formats made once.

const T = {
  myTickets: "Mis tickets",
  filterLabel: "Filtrar por estado",
  all: "Todos",
  groups: ["Abierto", "En progreso", "Cerrado"],
  statuses: ["Abierto", "En progreso", "Respondido", "Respuesta del cliente", "En espera", "Resuelto", "Cerrado"],
  priorities: ["Baja", "Normal", "Alta", "Muy alta"],
  ticket: "Ticket",
  priority: "Prioridad",
  created: "Creado",
  estimatedResolution: "Resolución estimada",
  newAnswer: "Novedad",
  empty: "Aún no tiene tickets de soporte.",
  emptyFiltered: "No tiene tickets en este estado.",
  back: "Volver a mis tickets",
  status: "Estado",
  overdue: "vencida",
  conversation: "Conversación",
  latestAnswer: "Última respuesta",
  noAnswer: "Aún no hay respuesta del equipo de soporte.",
  you: "Usted",
  support: "Soporte",
};

// The status labels the envelope API sends, to the index of their kind in T.statuses.
const KINDS = {
  "1": 0, abierto: 0, nuevo: 0, open: 0,
  "2": 1, "en progreso": 1, "in progress": 1,
  "3": 5, resuelto: 5, resolved: 5,
  "4": 6, cerrado: 6, closed: 6,
};
// Kind index to group: open, in progress (answered, customer reply, on hold too), closed.
const GROUP_OF_KIND = [0, 1, 1, 1, 1, 2, 2];
const BADGE = ["hd-badge hd-badge--open", "hd-badge hd-badge--progress", "hd-badge hd-badge--closed"];
const PRIORITIES = { "1": 0, baja: 0, "2": 1, normal: 1, "3": 2, alta: 2, "4": 3, "muy alta": 3 };

// Local wall-clock times, formatted as UTC so the browser's zone never shifts them.
const FULL = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" };
const { year: _year, ...SHORT } = FULL;
const fullFormat = new Intl.DateTimeFormat("es-CO", FULL);
const shortFormat = new Intl.DateTimeFormat("es-CO", SHORT);

function wallClock(s) {
  return new Date(Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10), +s.slice(11, 13), +s.slice(14, 16)));
}
const iso = (s) => `${s.slice(0, 10)}T${s.slice(11, 16)}`;

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const k in attrs) el.setAttribute(k, attrs[k]);
  el.append(...children);
  return el;
}

function status(label) {
  const kind = KINDS[label.trim().toLowerCase()];
  const text = kind === undefined ? label : T.statuses[kind];
  return {
    label,
    text,
    group: kind === undefined ? 0 : GROUP_OF_KIND[kind],
    own: text.toLowerCase() === label.trim().toLowerCase() ? null : label,
  };
}

function badge(s) {
  const attrs = { class: BADGE[s.group] };
  if (s.own !== null) attrs.title = s.own;
  attrs["data-status"] = s.label;
  return h("span", attrs, s.text);
}

function priorityLabel(p) {
  const i = PRIORITIES[p.trim().toLowerCase()];
  return i === undefined ? p.trim() : T.priorities[i];
}

function readTickets(body) {
  const tickets = JSON.parse(body).data.tickets.map((w) => ({
    id: w.ticket_id,
    subject: w.subject,
    status: status(w.status_ticket ?? ""),
    priority: priorityLabel(w.priority ?? ""),
    created: w.created_at,
    end: w.end_date || null,
    unread: w.unread === true,
  }));
  // Newest first.
  return tickets.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : b.id - a.id));
}

function ticketItem(t) {
  const button = h(
    "button",
    { type: "button", class: "hd-ticket", "data-ticket-id": t.id },
    h("span", { class: "hd-ticket__subject" }, t.subject),
    badge(t.status),
  );
  if (t.unread) button.append(h("span", { class: "hd-ticket__new" }, T.newAnswer));
  button.append(
    h(
      "span",
      { class: "hd-ticket__meta" },
      `${T.ticket} #${t.id} · ${T.priority} ${t.priority} · ${T.created} ${fullFormat.format(wallClock(t.created))}`,
    ),
  );
  if (t.end) {
    button.append(h("span", { class: "hd-ticket__meta" }, `${T.estimatedResolution} ${fullFormat.format(wallClock(t.end))}`));
  }
  return h("li", {}, button);
}

function ticketList(tickets, filtered, onOpen) {
  if (tickets.length === 0) return h("p", { class: "hd-empty" }, filtered ? T.emptyFiltered : T.empty);
  const ul = h("ul", { class: "hd-list" });
  for (const t of tickets) ul.append(ticketItem(t));
  ul.addEventListener("click", (e) => {
    const b = e.target.closest(".hd-ticket");
    if (b) onOpen(Number(b.dataset.ticketId));
  });
  return ul;
}

/** The list panel on a `tickets_listed` body; `remove()` takes it away. */
export function mountList(container, body) {
  const tickets = readTickets(body);
  let group = null;
  const onOpen = () => {};
  const options = [null, 0, 1, 2];
  const filter = h("div", { class: "hd-filter", role: "group", "aria-label": T.filterLabel });
  for (const g of options) {
    filter.append(
      h("button", { type: "button", class: "hd-filter__option", "aria-pressed": String(g === group) }, g === null ? T.all : T.groups[g]),
    );
  }
  let list = ticketList(tickets, false, onOpen);
  filter.addEventListener("click", (e) => {
    const b = e.target.closest(".hd-filter__option");
    if (!b) return;
    const picked = options[[...filter.children].indexOf(b)];
    if (picked === group) return;
    group = picked;
    [...filter.children].forEach((c, i) => c.setAttribute("aria-pressed", String(options[i] === group)));
    const shown = group === null ? tickets : tickets.filter((t) => t.status.group === group);
    const next = ticketList(shown, group !== null, onOpen);
    list.replaceWith(next);
    list = next;
  });
  const panel = h(
    "section",
    { class: "hd-panel", "aria-labelledby": "hd-list-heading" },
    h("h2", { id: "hd-list-heading", tabindex: "-1" }, T.myTickets),
    filter,
    list,
  );
  container.append(panel);
  return panel;
}

function moment(s) {
  const at = wallClock(s);
  return h(
    "time",
    { datetime: iso(s) },
    h("span", { class: "hd-long" }, fullFormat.format(at)),
    h("span", { class: "hd-short", "aria-hidden": "true" }, shortFormat.format(at)),
  );
}

function fact(cls, term, ...value) {
  return h("div", { class: cls }, h("dt", {}, term), h("dd", {}, ...value));
}

/** One ticket and its thread on a `thread_found` body, "now" being `now` (`YYYY-MM-DD HH:MM`). */
export function mountThread(container, body, now) {
  const data = JSON.parse(body).data;
  const w = data.ticket;
  const s = status(w.status_ticket ?? "");
  const id = w.ticket_id;
  const facts = h(
    "dl",
    { class: "hd-facts" },
    fact("hd-fact hd-fact--id", T.ticket, `#${data.number ?? id}`),
  );
  const statusValue = [badge(s)];
  if (s.own !== null) statusValue.push(h("span", { class: "hd-muted" }, ` (${s.own})`));
  facts.append(
    fact("hd-fact hd-fact--status", T.status, ...statusValue),
    fact("hd-fact", T.priority, priorityLabel(w.priority ?? "")),
    fact("hd-fact hd-fact--created", T.created, moment(w.created_at)),
  );
  if (w.end_date) {
    const late = w.end_date < now && s.group !== 2;
    const due = fact("hd-fact hd-fact--due", T.estimatedResolution, moment(w.end_date));
    if (late) {
      due.lastChild.className = "hd-overdue";
      due.lastChild.append(` (${T.overdue})`);
    }
    facts.append(due);
  }
  let messages;
  if (data.messages.length === 0) {
    messages = w.answer_text
      ? h("section", { class: "hd-answer" }, h("h3", {}, T.latestAnswer), h("p", { class: "hd-answer__text" }, w.answer_text))
      : h("p", { class: "hd-muted" }, T.noAnswer);
  } else {
    const ol = h("ol", { class: "hd-messages" });
    for (const m of data.messages) {
      const staff = m.author === "staff";
      const who = staff ? (m.name ? `${T.support} · ${m.name}` : T.support) : T.you;
      ol.append(
        h(
          "li",
          { class: staff ? "hd-message hd-message--staff" : "hd-message hd-message--subscriber" },
          h("p", { class: "hd-message__meta" }, `${who} · `, h("time", { datetime: iso(m.created_at) }, fullFormat.format(wallClock(m.created_at)))),
          h("p", { class: "hd-message__text" }, m.text),
        ),
      );
    }
    messages = h("section", { class: "hd-thread", "aria-label": T.conversation }, h("h3", {}, T.conversation), ol);
  }
  const back = h("button", { type: "button", class: "hd-link" }, `← ${T.back}`);
  back.addEventListener("click", () => {});
  const article = h(
    "article",
    { class: "hd-detail", "data-ticket-id": id },
    back,
    h("h2", { class: "hd-detail__subject", tabindex: "-1" }, w.subject),
    facts,
    messages,
  );
  const panel = h("section", { class: "hd-panel" }, article);
  container.append(panel);
  return panel;
}
