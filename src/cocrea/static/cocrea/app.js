// Small progressive enhancements. Everything works without this file.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.dataset && form.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

// On a phone the main menu folds behind a "Menu" button (CSS shows the button on narrow
// screens only once this script has marked the page).
const menuToggle = document.querySelector(".topbar__toggle");
if (menuToggle) {
  document.documentElement.classList.add("has-menu-toggle");
  menuToggle.addEventListener("click", () => {
    const open = menuToggle.getAttribute("aria-expanded") !== "true";
    menuToggle.setAttribute("aria-expanded", String(open));
  });
}

// The member's own pages drop down under their name; Escape or a click elsewhere folds them.
const accountButton = document.querySelector(".account-menu__button");
if (accountButton) {
  const close = () => accountButton.setAttribute("aria-expanded", "false");
  accountButton.addEventListener("click", (event) => {
    event.stopPropagation();
    const open = accountButton.getAttribute("aria-expanded") !== "true";
    accountButton.setAttribute("aria-expanded", String(open));
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".account-menu")) close();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && accountButton.getAttribute("aria-expanded") === "true") {
      close();
      accountButton.focus();
    }
  });
}

// On a phone the console's sections fold behind one button, which names the current page.
for (const toggle of document.querySelectorAll(".console-nav__toggle")) {
  const current = toggle.parentElement.querySelector("a[aria-current=page]");
  if (current) toggle.textContent = `${toggle.textContent} · ${current.textContent.trim()}`;
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
  });
}
