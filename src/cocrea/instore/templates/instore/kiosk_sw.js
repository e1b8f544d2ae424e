{% load static %}/* The kiosk's service worker: keeps the page, its script and style, and the product pictures
 * so that the kiosk opens and works when the store's network drops. Network first (a kiosk on
 * the store's network always gets the newest page), the copy when the network fails. The device
 * API is left alone: the page keeps the catalogue and the queue of signals in IndexedDB. */
"use strict";
const CACHE = "cocrea-kiosk-1";
const HOME = "{% url 'kiosk:home' %}";
const SHELL = [HOME, "{% static 'instore/kiosk.css' %}", "{% static 'instore/kiosk-db.js' %}", "{% static 'instore/kiosk.js' %}", "{% static 'cocrea/favicon.svg' %}"];
const KEPT = ["{% get_static_prefix %}", "{% get_media_prefix %}"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("cocrea-kiosk-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

function networkFirst(request, key) {
  return fetch(request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(key, copy));
    }
    return response;
  }).catch(() => caches.match(key, { ignoreVary: true, ignoreSearch: true }).then((kept) => kept || Response.error()));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === HOME) {
    event.respondWith(networkFirst(request, HOME));
  } else if (KEPT.some((prefix) => url.pathname.startsWith(prefix))) {
    event.respondWith(networkFirst(request, url.pathname));
  }
});
