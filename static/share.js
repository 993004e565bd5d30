// The share box of a claim page (templates/partials/share.html): reveals a "Copy link" button and,
// where the browser has a share sheet, a "Share…" button. Progressive: without this script the
// buttons stay hidden and the plain share links still work. No inline style, no element.style, no
// eval: it runs under a strict Content-Security-Policy. Its messages are in the site's language: the
// page hands them over as data (<script type="application/json" id="share-messages">, made by
// site_gen/present/script_messages.py from the site's gettext catalogues).
(function () {
  "use strict";

  var messages = {};
  try {
    var data = document.getElementById("share-messages");
    if (data) messages = JSON.parse(data.textContent) || {};
  } catch (err) { messages = {}; }

  function message(name, values) {
    // The message with its %(name)s placeholders filled in (%% is a percent sign).
    values = values || {};
    return String(messages[name] || "").replace(/%(?:\((\w+)\))?([sd%])/g, function (whole, key, type) {
      if (type === "%") return "%";
      return key !== undefined && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function announce(status, text) {
    // Empty first, so that the same message twice in a row is announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 100);
  }

  function copyWithSelection(text) {
    // For browsers without the async Clipboard API (or outside a secure context).
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.className = "visually-hidden";
    document.body.appendChild(field);
    field.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (err) { copied = false; }
    document.body.removeChild(field);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyWithSelection(text); });
    }
    return copyWithSelection(text);
  }

  function reveal(button) {
    button.closest("li").hidden = false;
  }

  document.querySelectorAll(".share[data-share-url]").forEach(function (box) {
    var url = box.getAttribute("data-share-url");
    var title = box.getAttribute("data-share-title") || document.title;
    var status = box.querySelector(".share-status");
    var copyButton = box.querySelector(".share-copy");
    var nativeButton = box.querySelector(".share-native");

    if (copyButton && (window.isSecureContext && navigator.clipboard || document.queryCommandSupported && document.queryCommandSupported("copy"))) {
      copyButton.addEventListener("click", function () {
        copy(url).then(
          function () { announce(status, message("copied")); },
          function () { announce(status, message("copy_failed", { url: url })); }
        );
      });
      reveal(copyButton);
    }

    if (nativeButton && typeof navigator.share === "function") {
      nativeButton.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function (err) {
          if (err && err.name !== "AbortError") announce(status, message("share_failed"));
        });
      });
      reveal(nativeButton);
    }
  });
})();
