// helpdesk widget: the forms' photos. The loader (helpdesk.js) fetches this module with the
// widget's wasm, never up front, and hands it its DOM helper, texts, API and tokens.
//
// At most 3 photos a form, each shrunk in the browser's canvas to 2048 px a side and sent as a
// JPEG, so no image library sits in the wasm. A picker is drawn into each `<div data-photos=KEY>`
// the widget renders (KEY: "new", or the ticket replied to); it keeps what was chosen while the
// form is drawn again, shows the upload's progress, and keeps the photos when the upload fails.

// Photos: how many a form sends, the longest side sent, and the JPEG quality.
const PHOTO_MAX = 3;
const PHOTO_SIDE = 2048;

/**
 * A chosen photo, decoded by the browser (HEIC too, where it can) and drawn on a canvas no
 * larger than PHOTO_SIDE: the canvas is its preview, its JPEG is what is sent. Transparency
 * becomes white. Rejects what the browser cannot decode.
 */
async function shrink(file, el) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
  const [w, h] = [Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale))];
  const canvas = el("canvas", { class: "hd-photo", width: w, height: h, role: "img", "aria-label": file.name });
  const g = canvas.getContext("2d");
  g.fillStyle = "#fff";
  g.fillRect(0, 0, w, h);
  g.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  const blob = await new Promise((ok, no) => canvas.toBlob((b) => (b ? ok(b) : no(new Error("not encoded"))), "image/jpeg", 0.85));
  return { name: file.name, blob, canvas };
}

/** The photos of one widget's forms. */
export class Photos {
  // Per form ("new", or a ticket's id): {chosen, note, busy, stored, place, progress}.
  #forms = new Map();
  #host;
  #placer = null;

  /** `host`: {el, texts(), api(path), token(refresh), base(), envelope()} of the widget. */
  constructor(host) {
    this.#host = host;
  }

  /** Give each `<div data-photos=KEY>` drawn under `root` the photo picker of form KEY. */
  watch(root) {
    this.#placer ??= new MutationObserver(() => {
      for (const place of root.querySelectorAll("[data-photos]")) {
        if (this.#state(place.dataset.photos).place !== place) this.#picker(place, place.dataset.photos);
      }
    });
    this.#placer.observe(root, { childList: true, subtree: true });
  }

  /** A form's photos: what was chosen, and a ticket's own ones. */
  #state(key) {
    if (!this.#forms.has(key)) this.#forms.set(key, { chosen: [], note: "", busy: false, stored: null, place: null });
    return this.#forms.get(key);
  }

  /**
   * Draw form `key`'s photo picker into `place` (a ticket's form also shows
   * the photos it has). Only an envelope back end takes photos.
   */
  #picker(place, key) {
    const state = this.#state(key);
    state.place = place;
    if (!this.#host.envelope()) return;
    this.#drawPhotos(key);
    if (key !== "new" && state.stored === null) this.#storedPhotos(key);
  }

  #drawPhotos(key) {
    const { el } = this.#host;
    const state = this.#state(key);
    const place = state.place;
    if (!place?.isConnected) return;
    const t = this.#host.texts();
    const id = `hd-photos-${key}`;
    const input = el("input", { id, type: "file", class: "hd-input", multiple: "", accept: "image/jpeg,image/png,image/webp,image/heic,image/heif" });
    input.disabled = state.busy || state.chosen.length >= PHOTO_MAX;
    input.addEventListener("change", async () => {
      const files = [...input.files];
      state.note = "";
      for (const file of files) {
        if (state.chosen.length >= PHOTO_MAX) { state.note = t[16]; break; }
        try { state.chosen.push(await shrink(file, el)); } catch { state.note = t[15]; }
      }
      this.#drawPhotos(key);
    });
    const chosen = state.chosen.map((photo) => el("li", {}, photo.canvas,
      el("button", { type: "button", class: "hd-link", onclick: () => {
        state.chosen = state.chosen.filter((p) => p !== photo);
        state.note = "";
        this.#drawPhotos(key);
      } }, t[14], el("span", { class: "hd-sr" }, ` ${photo.name}`))));
    const stored = state.stored?.length
      ? [el("p", { class: "hd-help" }, t[22]), el("ul", { class: "hd-photos__list hd-photos__stored" }, ...state.stored.map((c) => el("li", {}, c)))]
      : [];
    const progress = el("progress", { class: "hd-photos__progress", "aria-label": t[17] });
    progress.hidden = !state.busy;
    state.progress = progress;
    place.replaceChildren(...stored, el("label", { for: id }, t[13]), input,
      el("ul", { class: "hd-photos__list" }, ...chosen), progress,
      el("p", { class: "hd-field-error", role: "alert" }, state.note));
  }

  /** A ticket's photos, fetched with the subscriber's token and drawn as small canvases. */
  async #storedPhotos(key) {
    const { el } = this.#host;
    const state = this.#state(key);
    try {
      const answer = await this.#host.api(`/api/v1/tickets/${Number(key)}/photos`);
      const listed = answer.ok ? (await answer.json())?.data?.photos ?? [] : [];
      state.stored = await Promise.all(listed.map(async (photo, i) => {
        const image = await this.#host.api(`/api/v1/tickets/${Number(key)}/photos/${Number(photo.photo_id)}`);
        const bitmap = await createImageBitmap(await image.blob());
        const canvas = el("canvas", { class: "hd-photo", width: bitmap.width, height: bitmap.height, role: "img", "aria-label": `${this.#host.texts()[22]} ${i + 1}` });
        canvas.getContext("2d").drawImage(bitmap, 0, 0);
        bitmap.close();
        return canvas;
      }));
    } catch {
      state.stored = [];
    }
    this.#drawPhotos(key);
  }

  /**
   * For the widget (through the loader's handle): start sending form `key`'s photos to `ticket` (once it exists) and say
   * how many go. They move to the ticket's own picker, which shows the upload's progress and,
   * when it fails, keeps them with a message saying that the text was kept and how to retry.
   */
  attach(key, ticket) {
    const state = this.#state(key);
    if (state.busy) return 0;
    const count = state.chosen.length;
    if (!count) return 0;
    const target = this.#state(String(ticket));
    if (target !== state) {
      target.chosen.push(...state.chosen.splice(0));
      this.#drawPhotos(key);
    }
    this.#upload(target, String(ticket));
    return count;
  }

  async #upload(state, key) {
    const t = this.#host.texts();
    const form = new FormData();
    state.chosen.forEach((photo, i) => form.append("photo", photo.blob, `foto-${i + 1}.jpg`));
    state.busy = true;
    state.note = "";
    this.#drawPhotos(key);
    const post = async (refresh) => new Promise((done) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `${this.#host.base()}/api/v1/tickets/${Number(key)}/photos`);
      xhr.upload.onprogress = (e) => { if (e.lengthComputable && state.progress) state.progress.value = e.loaded / e.total; };
      xhr.onload = () => done(xhr.status);
      xhr.onerror = xhr.ontimeout = () => done(0);
      xhr.timeout = 120000;
      this.#host.token(refresh).then((token) => {
        xhr.setRequestHeader("Authorization", `Bearer ${token}`);
        xhr.send(form);
      }, () => done(0));
    });
    let status = await post(false);
    if (status === 401) status = await post(true);
    state.busy = false;
    if (status >= 200 && status < 300) {
      state.chosen = [];
      this.#storedPhotos(key);
    } else {
      state.note = [t[18], status === 409 ? t[21] : status >= 400 ? t[20] : "", t[19]].filter(Boolean).join(" ");
    }
    this.#drawPhotos(key);
  }
}
