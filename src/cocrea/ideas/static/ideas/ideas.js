// Shows the server's message when an htmx action is refused (e.g. 429 rate limit, 409 conflict).
document.addEventListener("htmx:responseError", (event) => {
  const xhr = event.detail.xhr;
  const text = (xhr.getResponseHeader("Content-Type") || "").startsWith("text/plain")
    ? xhr.responseText : "";
  if (!text) return;
  let toast = document.querySelector(".ideas-toast");
  if (!toast) {
    toast = document.createElement("p");
    toast.className = "message message--error ideas-toast";
    toast.setAttribute("role", "alert");
    document.body.appendChild(toast);
  }
  toast.textContent = text;
  window.setTimeout(() => toast.remove(), 6000);
});
