/* The pairing page hands the kiosk's new token to this browser once: keep it, then open the
 * kiosk. Signals queued for another kiosk are dropped (they belong to another device). */
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const data = document.body.dataset;
  const db = window.KioskDB;
  db.get("device").then((before) => (String(before) === data.device ? null : db.queueClear()))
    .then(() => db.set("token", data.token))
    .then(() => db.set("device", data.device))
    .then(() => db.remove("catalogue"))
    .then(() => window.location.replace(data.home));
});
