// The demo portal's integration of the helpdesk: what an ISP writes.
import { mount } from "./helpdesk.js";

const widget = mount(document.getElementById("support"), {
  apiBase: "", // the helpdesk API's origin; "" when it is the portal's own
  // A real portal returns the signed-in subscriber's token from its own session, e.g.
  //   token: async ({ refresh }) => (await fetch("/session/helpdesk-token", { method: "POST" })).text(),
  // and is called again with refresh = true when the token has expired.
  token: async () => "demo-subscriber-token",
  locale: document.documentElement.lang, // the portal's language; omit to follow the browser
  theme: "auto",
  mode: "launcher",
});

const notice = document.getElementById("support-notice");
widget.on("ticket-created", ({ id }) => {
  notice.textContent = `Ticket #${id} creado. Le avisaremos de cada respuesta por correo (vea «Sus avisos»).`;
});
widget.on("auth-expired", () => {
  notice.textContent = "Su sesión expiró. Vuelva a iniciar sesión para ver sus tickets.";
});
document.getElementById("open-support").addEventListener("click", () => widget.open());

// The ISP's notification sender, played by the demo server: the signed webhooks it received
// (GET /demo/notifications), shown as the messages the subscriber would get.
const STATUS = { open: "abierto", in_progress: "en progreso", answered: "respondido", customer_reply: "con su respuesta",
  on_hold: "en espera", resolved: "resuelto", closed: "cerrado" };
function message(event) {
  const t = event.data.ticket;
  if (event.type === "ticket.answered") return `Ticket #${t.id}: ${event.data.answer.author} le respondió: «${event.data.answer.body}»`;
  if (event.type === "ticket.status_changed") return `Ticket #${t.id} (${t.subject}) ahora está ${STATUS[t.status] ?? t.status}.`;
  return `Recibimos su ticket #${t.id} (${t.subject}).`;
}
const inbox = document.getElementById("inbox");
let shown = "";
async function refreshInbox() {
  try {
    const answer = await fetch("/demo/notifications");
    if (!answer.ok) return;
    const events = await answer.json();
    const ids = events.map((e) => e.id).join();
    if (ids === shown) return;
    shown = ids;
    inbox.replaceChildren(...events.slice(0, 5).map((e) => {
      const item = document.createElement("li");
      item.textContent = message(e);
      return item;
    }));
  } catch {
    // The demo server is restarting: try again at the next tick.
  }
}
refreshInbox();
setInterval(refreshInbox, 3000);
