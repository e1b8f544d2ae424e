// The Markdown editor's toolbar: it edits the text box's Markdown; the preview comes from the
// server (htmx posts the text on each "input" event, see core/templates/core/widgets/markdown.html).
(function () {
  "use strict";
  if (window.cocreaEditor) { return; }
  window.cocreaEditor = true;

  function changed(area) {
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
  }

  function wrap(area, before, after, placeholder) {
    var start = area.selectionStart, end = area.selectionEnd;
    var chosen = area.value.slice(start, end) || placeholder;
    area.setRangeText(before + chosen + after, start, end, "end");
    area.setSelectionRange(start + before.length, start + before.length + chosen.length);
    changed(area);
  }

  function prefixLines(area, prefix) {
    var value = area.value;
    var start = value.lastIndexOf("\n", area.selectionStart - 1) + 1;
    var end = area.selectionEnd;
    var lines = value.slice(start, end).split("\n");
    var text = lines.map(function (line, i) {
      return (typeof prefix === "function" ? prefix(i) : prefix) + line;
    }).join("\n");
    area.setRangeText(text, start, end, "end");
    changed(area);
  }

  var actions = {
    bold: function (area) { wrap(area, "**", "**", "…"); },
    italic: function (area) { wrap(area, "*", "*", "…"); },
    heading: function (area) { prefixLines(area, "### "); },
    link: function (area, button) { wrap(area, "[", "](https://)", button.dataset.mdText || "…"); },
    image: function (area, button) { wrap(area, "![", "](/media/)", button.dataset.mdText || "…"); },
    ul: function (area) { prefixLines(area, "- "); },
    ol: function (area) { prefixLines(area, function (i) { return (i + 1) + ". "; }); },
    quote: function (area) { prefixLines(area, "> "); }
  };

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-md]");
    if (!button) { return; }
    var editor = button.closest("[data-md-editor]");
    var area = editor && editor.querySelector("textarea");
    if (area && actions[button.dataset.md]) { actions[button.dataset.md](area, button); }
  });

  document.addEventListener("keydown", function (event) {
    var area = event.target;
    if (!(event.ctrlKey || event.metaKey) || !area.closest || !area.closest("[data-md-editor]")) { return; }
    var key = { b: "bold", i: "italic", k: "link" }[event.key.toLowerCase()];
    if (key && area.tagName === "TEXTAREA") {
      event.preventDefault();
      actions[key](area, area.closest("[data-md-editor]").querySelector('[data-md="' + key + '"]'));
    }
  });
})();
