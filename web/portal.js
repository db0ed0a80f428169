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
  notice.textContent = `Ticket #${id} creado. Le avisaremos por correo de cada respuesta.`;
});
widget.on("auth-expired", () => {
  notice.textContent = "Su sesión expiró. Vuelva a iniciar sesión para ver sus tickets.";
});
document.getElementById("open-support").addEventListener("click", () => widget.open());
