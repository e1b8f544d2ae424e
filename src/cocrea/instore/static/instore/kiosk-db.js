/* The kiosk's own storage in the browser (IndexedDB, so that it outlives a power cut):
 * "config" keeps the device's token and the last catalogue, "queue" the signals not yet
 * received by the server, by their device-generated id. */
"use strict";
(function () {
  const NAME = "cocrea-kiosk";
  let opened = null;

  function open() {
    if (!opened) {
      opened = new Promise((resolve, reject) => {
        const request = indexedDB.open(NAME, 1);
        request.onupgradeneeded = () => {
          request.result.createObjectStore("config");
          request.result.createObjectStore("queue", { keyPath: "id" });
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    return opened;
  }

  function run(storeName, mode, work) {
    return open().then((db) => new Promise((resolve, reject) => {
      const tx = db.transaction(storeName, mode);
      const store = tx.objectStore(storeName);
      const request = work(store);
      tx.oncomplete = () => resolve(request ? request.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    }));
  }

  window.KioskDB = {
    get: (key) => run("config", "readonly", (s) => s.get(key)),
    set: (key, value) => run("config", "readwrite", (s) => s.put(value, key)),
    remove: (key) => run("config", "readwrite", (s) => s.delete(key)),
    queueAdd: (signal) => run("queue", "readwrite", (s) => s.put(signal)),
    queueAll: () => run("queue", "readonly", (s) => s.getAll()),
    queueDrop: (ids) => run("queue", "readwrite", (s) => { ids.forEach((id) => s.delete(id)); return null; }),
    queueClear: () => run("queue", "readwrite", (s) => s.clear()),
  };
})();
