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
