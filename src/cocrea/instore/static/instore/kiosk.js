/* The kiosk: browse and search the store's products, heart them, rate them, comment, share an
 * idea. Every action becomes a signal with an id made here, kept in the browser's queue
 * (IndexedDB) and sent to the device API; the queue forgets a signal once the server answered
 * "accepted", "duplicate" or "refused", and keeps the rest (no network, 5xx, 429) to send again
 * with the same id: exactly once, however often the network drops (docs/instore.md). */
"use strict";
(function () {
  const body = document.body;
  const db = window.KioskDB;
  const API = body.dataset.api;
  const IDLE_MS = Number(body.dataset.idleSeconds || 60) * 1000;
  const DEFAULT_LANG = body.dataset.lang || "fr";
  const STRINGS = JSON.parse(document.getElementById("kiosk-strings").textContent);
  const FORGET = new Set(["accepted", "duplicate", "refused"]);
  const BATCH = 500;
  const RETRY_MS = 15000;

  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  const state = { lang: DEFAULT_LANG, token: null, products: [], category: "", query: "", current: null, hearted: new Set(), rated: new Map(), pending: 0, reachable: true, flushing: false };

  // --- Texts --------------------------------------------------------------------------------
  const t = (key, n) => (STRINGS[state.lang][key] || key).replace("%(n)s", n);
  const nameOf = (p) => p["name_" + state.lang] || p.name_fr || p.name_en;
  const categoryOf = (p) => p["category_" + state.lang] || "";

  function applyTexts() {
    document.documentElement.lang = state.lang;
    $$("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
    $$("[data-t-placeholder]").forEach((el) => { el.placeholder = t(el.dataset.tPlaceholder); });
    $$("[data-t-label]").forEach((el) => { el.setAttribute("aria-label", t(el.dataset.tLabel)); });
    $$("[data-star-label]").forEach((el) => { el.textContent = t("stars", el.dataset.starLabel); });
    $$("[data-lang-switch]").forEach((el) => el.setAttribute("aria-pressed", String(el.dataset.langSwitch === state.lang)));
    renderCategories();
    renderGrid();
    if (state.current) renderProduct(state.current);
    renderStatus();
  }

  function price(p) {
    if (p.status === "coming") return t("coming");
    if (p.price === null || p.price === undefined) return "";
    const locale = state.lang === "fr" ? "fr-FR" : "en-GB";
    return new Intl.NumberFormat(locale, { style: "currency", currency: p.currency || "EUR" }).format(Number(p.price));
  }

  function picture(el, p) {
    el.replaceChildren();
    if (p.picture) {
      const img = document.createElement("img");
      img.src = p.picture;
      img.alt = "";
      el.append(img);
    } else {
      // No picture: the product's initials on one of four tones of the brand's colours.
      const words = (nameOf(p) || "?").split(/[\s,'’-]+/).filter((w) => w.length > 2 && !/^\d/.test(w));
      el.textContent = words.slice(0, 2).map((w) => w.charAt(0).toUpperCase()).join("") || "?";
      el.dataset.tone = String(p.id % 4);
    }
  }

  // --- Screens ------------------------------------------------------------------------------
  function show(screen) {
    $$("[data-screen]").forEach((el) => { el.hidden = el.dataset.screen !== screen; });
    window.scrollTo(0, 0);
  }

  function home() {
    state.current = null;
    show("home");
  }

  function renderCategories() {
    const box = $("[data-role=categories]");
    const seen = [];
    state.products.forEach((p) => { const c = categoryOf(p); if (c && !seen.includes(c)) seen.push(c); });
    box.replaceChildren();
    if (seen.length < 2) return;
    [["", t("all")], ...seen.map((c) => [c, c])].forEach(([value, label]) => {
      const chip = document.createElement("button");
      chip.type = "button";
      chip.className = "kiosk-chip";
      chip.textContent = label;
      chip.setAttribute("aria-pressed", String(state.category === value));
      chip.addEventListener("click", () => { state.category = value; renderCategories(); renderGrid(); });
      box.append(chip);
    });
  }

  function matches(p) {
    const q = state.query.trim().toLocaleLowerCase();
    if (state.category && categoryOf(p) !== state.category) return false;
    if (!q) return true;
    return [p.name_fr, p.name_en, p.category_fr, p.category_en, p.sku].some((v) => (v || "").toLocaleLowerCase().includes(q));
  }

  function renderGrid() {
    const grid = $("[data-role=grid]");
    const template = $("#kiosk-card");
    const shown = state.products.filter(matches);
    grid.replaceChildren(...shown.map((p) => {
      const card = template.content.firstElementChild.cloneNode(true);
      card.dataset.product = p.id;
      picture($("[data-role=picture]", card), p);
      $("[data-role=name]", card).textContent = nameOf(p);
      $("[data-role=price]", card).textContent = price(p);
      $(".kiosk-card__open", card).addEventListener("click", () => openProduct(p));
      const heartButton = $("[data-role=heart]", card);
      paintHeart(heartButton, p);
      heartButton.addEventListener("click", () => heart(p));
      return card;
    }));
    const empty = $("[data-role=empty]");
    empty.hidden = shown.length > 0;
    empty.textContent = state.products.length ? t("no_match") : t("no_products");
  }

  function paintHeart(button, p) {
    const on = state.hearted.has(p.id);
    button.setAttribute("aria-pressed", String(on));
    const label = $("[data-role=heart-label]", button);
    label.textContent = on ? t("hearted") : t("heart");
    if (label.classList.contains("visually-hidden")) label.textContent += " · " + nameOf(p);
  }

  function renderProduct(p) {
    picture($("[data-role=product-picture]"), p);
    $("[data-role=product-category]").textContent = categoryOf(p);
    $("[data-role=product-name]").textContent = nameOf(p);
    $("[data-role=product-price]").textContent = price(p);
    paintHeart($("[data-role=product-heart]"), p);
    const stars = state.rated.get(p.id) || 0;
    $$("[data-stars]").forEach((el) => {
      el.setAttribute("aria-pressed", String(Number(el.dataset.stars) <= stars));
      el.disabled = stars > 0;
    });
  }

  // "Continue on your phone": the product's QR code, from the device API, kept for offline.
  async function phoneCode(p) {
    const box = $("[data-role=phone]");
    box.hidden = true;
    const key = "qr:" + p.id;
    let image = await db.get(key);
    if (!image) {
      try {
        const response = await call("/qr.svg?product_id=" + encodeURIComponent(p.id));
        if (!response.ok) return;
        image = await response.text();
        await db.set(key, image);
      } catch (error) {
        return; // offline and never shown: no code this time
      }
    }
    if (!state.current || state.current.id !== p.id) return;
    const svg = new DOMParser().parseFromString(image, "text/html").querySelector("svg");
    if (!svg) return;
    if (!svg.getAttribute("viewBox") && svg.getAttribute("width")) {
      svg.setAttribute("viewBox", `0 0 ${svg.getAttribute("width")} ${svg.getAttribute("height")}`);
    }
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", t("phone_title"));
    $("[data-role=phone-code]").replaceChildren(document.importNode(svg, true));
    box.hidden = false;
  }

  function openProduct(p) {
    state.current = p;
    $("#kiosk-comment").value = "";
    phoneCode(p);
    renderProduct(p);
    show("product");
    record({ kind: "view", product_id: p.id });
  }

  // --- Actions ------------------------------------------------------------------------------
  function toast(message) {
    const box = $("[data-role=toast]");
    box.textContent = message;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 3000);
  }

  function heart(p) {
    if (state.hearted.has(p.id)) return;
    state.hearted.add(p.id);
    $$(`[data-product="${p.id}"] [data-role=heart]`).forEach((b) => paintHeart(b, p));
    if (state.current && state.current.id === p.id) paintHeart($("[data-role=product-heart]"), p);
    record({ kind: "heart", product_id: p.id });
    toast(t("thanks_heart"));
  }

  function rate(stars) {
    const p = state.current;
    if (!p || state.rated.has(p.id)) return;
    state.rated.set(p.id, stars);
    renderProduct(p);
    record({ kind: "rating", product_id: p.id, rating: stars });
    toast(t("thanks_rating"));
  }

  function sendText(form) {
    const area = $("textarea", form);
    const text = area.value.trim();
    if (!text) { toast(t("empty_text")); area.focus(); return; }
    const signal = { kind: form.dataset.kind, text: text.slice(0, 1000) };
    if (form.dataset.kind === "comment" && state.current) signal.product_id = state.current.id;
    record(signal);
    area.value = "";
    toast(t("thanks_text"));
    if (form.dataset.kind === "idea") home();
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return "k-" + crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return "k-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function record(fields) {
    const signal = { id: newId(), at: new Date().toISOString(), language: state.lang, ...fields };
    db.queueAdd(signal).then(countPending).then(flush);
  }

  // --- The queue and the device API ---------------------------------------------------------
  function call(path, options) {
    const headers = { Authorization: "Bearer " + state.token, Accept: "application/json" };
    if (options && options.body) headers["Content-Type"] = "application/json";
    return fetch(API + path, { ...options, headers, cache: "no-store", credentials: "omit" });
  }

  function countPending() {
    return db.queueAll().then((items) => { state.pending = items.length; renderStatus(); return items; });
  }

  function renderStatus() {
    const box = $("[data-role=status]");
    const offline = !state.reachable || !navigator.onLine;
    box.hidden = !offline && state.pending === 0;
    box.classList.toggle("kiosk-status--offline", offline);
    const parts = [];
    if (offline) parts.push(t("offline"));
    if (state.pending) parts.push(t("pending", state.pending));
    box.textContent = parts.join(" · ");
    box.dataset.pending = String(state.pending);
  }

  async function flush() {
    if (state.flushing || !state.token) return;
    state.flushing = true;
    try {
      for (;;) {
        const items = (await db.queueAll()).sort((a, b) => (a.at < b.at ? -1 : 1)).slice(0, BATCH);
        if (!items.length) break;
        const response = await call("/signals", { method: "POST", body: JSON.stringify({ sent_at: new Date().toISOString(), signals: items }) });
        if (response.status === 401) { disconnected(); break; }
        if (!response.ok) { state.reachable = response.status < 500 && response.status !== 429; break; }
        const answer = await response.json();
        // One result per signal, in the order sent.
        const done = items.filter((item, i) => answer.results[i] && FORGET.has(answer.results[i].status)).map((item) => item.id);
        await db.queueDrop(done);
        state.reachable = true;
        if (!done.length) break;
      }
    } catch (error) {
      state.reachable = false; // no network: the queue waits for the next try
    } finally {
      state.flushing = false;
      await countPending();
    }
  }

  // --- Start --------------------------------------------------------------------------------
  function disconnected() {
    state.token = null;
    $("[data-role=unpaired-title]").textContent = t("revoked_title");
    $("[data-role=unpaired-text]").textContent = t("revoked");
    show("unpaired");
  }

  function unpaired() {
    show("unpaired");
  }

  function dress(device) {
    const look = device.brand_look;
    const root = document.documentElement.style;
    root.setProperty("--kiosk-brand", look.primary_colour);
    root.setProperty("--kiosk-accent", look.accent_colour);
    $("[data-role=brand-name]").textContent = look.name;
    $("[data-role=store-name]").textContent = device.store.name;
    const logo = $("[data-role=logo]");
    if (look.logo) { logo.src = look.logo; logo.hidden = false; }
  }

  async function load() {
    let kept = await db.get("catalogue");
    try {
      const [me, catalogue] = await Promise.all([call(""), call("/catalogue")]);
      if (me.status === 401 || catalogue.status === 401) { disconnected(); return; }
      if (me.ok && catalogue.ok) {
        kept = { device: await me.json(), catalogue: await catalogue.json() };
        await db.set("catalogue", kept);
      }
    } catch (error) {
      state.reachable = false;
    }
    if (!kept) { renderStatus(); return; }
    dress(kept.device);
    state.products = kept.catalogue.products;
    applyTexts();
  }

  function resetForNextShopper() {
    state.hearted.clear();
    state.rated.clear();
    state.query = "";
    state.category = "";
    $("#kiosk-q").value = "";
    $$("textarea").forEach((el) => { el.value = ""; });
    state.lang = DEFAULT_LANG;
    applyTexts();
    home();
  }

  let idle = null;
  function touched() {
    clearTimeout(idle);
    idle = setTimeout(resetForNextShopper, IDLE_MS);
  }

  function wire() {
    $$("[data-lang-switch]").forEach((b) => b.addEventListener("click", () => { state.lang = b.dataset.langSwitch; applyTexts(); }));
    $("[data-role=home]").addEventListener("click", home);
    $$("[data-role=back]").forEach((b) => b.addEventListener("click", home));
    $("[data-open=idea]").addEventListener("click", () => show("idea"));
    $("[data-role=product-heart]").addEventListener("click", () => state.current && heart(state.current));
    $$("[data-stars]").forEach((b) => b.addEventListener("click", () => rate(Number(b.dataset.stars))));
    $$("form.kiosk-text").forEach((f) => f.addEventListener("submit", (e) => { e.preventDefault(); sendText(f); }));
    $("#kiosk-q").addEventListener("input", (e) => { state.query = e.target.value.slice(0, 100); renderGrid(); });
    ["pointerdown", "keydown", "input"].forEach((name) => document.addEventListener(name, touched, { passive: true }));
    window.addEventListener("online", () => { state.reachable = true; flush(); });
    window.addEventListener("offline", () => { state.reachable = false; renderStatus(); });
    setInterval(flush, RETRY_MS);
    touched();
  }

  async function start() {
    wire();
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(body.dataset.sw, { scope: body.dataset.scope }).catch(() => null);
    }
    state.token = await db.get("token");
    if (!state.token) { unpaired(); return; }
    await load();
    await countPending();
    flush();
  }

  start();
})();
