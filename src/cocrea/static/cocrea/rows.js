// Lists edited as rows (core/rows.py, includes/_rows.html): "Add" copies the formset's empty
// row, "Remove" ticks the row's DELETE box and hides it. Without this script the blank last row
// adds one and the visible "Remove" boxes remove.
"use strict";
(() => {
  const wire = (row, add) => {
    const tick = row.querySelector('input[name$="-DELETE"]');
    const button = row.querySelector("[data-rows-remove]");
    row.querySelector(".rows__delete").hidden = true;
    button.hidden = false;
    if (tick.checked) row.hidden = true;
    button.addEventListener("click", () => {
      tick.checked = true;
      row.hidden = true;
      add.focus();
    });
  };
  for (const box of document.querySelectorAll("[data-rows]")) {
    if (box.dataset.rowsReady) continue;
    box.dataset.rowsReady = "1";
    const total = box.querySelector(`input[name="${box.dataset.rows}-TOTAL_FORMS"]`);
    const list = box.querySelector("[data-rows-list]");
    const empty = box.querySelector("template[data-rows-empty]");
    const add = box.querySelector("[data-rows-add]");
    for (const row of list.querySelectorAll("[data-row]")) wire(row, add);
    add.hidden = false;
    add.addEventListener("click", () => {
      const index = Number(total.value);
      list.insertAdjacentHTML("beforeend", empty.innerHTML.replaceAll("__prefix__", String(index)));
      total.value = String(index + 1);
      const row = list.lastElementChild;
      wire(row, add);
      row.querySelector('input:not([type="hidden"])').focus();
    });
  }
})();
