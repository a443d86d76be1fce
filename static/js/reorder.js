/* Reordering of the agenda builder and the route editor, progressively enhanced.
 *
 * Without JavaScript the Up/Down buttons are plain forms (POST, redirect back). With it:
 * - the buttons post in the background, the list is replaced in place, focus stays on
 *   the moved row's button and an aria-live region announces the new place;
 * - a row can be dragged by its handle (native HTML5 drag and drop); the drop posts
 *   ``position`` to the same move URL and the same service places the row.
 * A refused move (a service error) shows the page the server answers with, error and all.
 *
 * Markup: [data-reorder] (with an id; data-reorder-announce, data-reorder-drag-hint) holds
 * [data-reorder-list] with [data-reorder-item] rows (data-reorder-url, data-reorder-name),
 * a [data-reorder-handle] cell and form[data-reorder-move] buttons (data-direction).
 * [data-reorder-status] is the aria-live region, outside the replaced part.
 */
(function () {
  "use strict";
  var container = document.querySelector("[data-reorder]");
  var status = document.querySelector("[data-reorder-status]");
  if (!container || !container.id || !window.fetch || !window.DOMParser) {
    return;
  }
  var containerId = container.id;
  var dragged = null;

  function current() {
    return document.getElementById(containerId);
  }

  function items(root) {
    return Array.prototype.slice.call(root.querySelectorAll("[data-reorder-item]"));
  }

  function announce(root, pk) {
    var rows = items(root);
    var index = rows.findIndex(function (row) { return row.dataset.reorderItem === pk; });
    if (index < 0 || !status) {
      return;
    }
    var allRows = root.querySelectorAll("[data-reorder-list] > *").length || rows.length;
    var position = Array.prototype.indexOf.call(rows[index].parentNode.children, rows[index]) + 1;
    status.textContent = root.dataset.reorderAnnounce
      .replace("%(name)s", rows[index].dataset.reorderName)
      .replace("%(position)s", String(position))
      .replace("%(count)s", String(allRows));
  }

  function focusMoved(root, pk, direction) {
    var row = root.querySelector('[data-reorder-item="' + pk + '"]');
    if (!row) {
      return;
    }
    var other = direction === "up" ? "down" : "up";
    var button = row.querySelector('[data-direction="' + direction + '"]') ||
      row.querySelector('[data-direction="' + other + '"]') || row.querySelector("a, button");
    if (button) {
      button.focus();
    }
  }

  function send(url, body, pk, direction) {
    fetch(url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (html) { return { ok: response.ok, html: html }; });
      })
      .then(function (answer) {
        var doc = new DOMParser().parseFromString(answer.html, "text/html");
        var fresh = doc.getElementById(containerId);
        var newMain = doc.querySelector("main");
        if (!answer.ok || !fresh || !newMain || newMain.querySelector(".utrecht-alert--error")) {
          // Refused: show what the server says, in place of the page's main content.
          if (newMain) {
            document.querySelector("main").innerHTML = newMain.innerHTML;
            var alert = document.querySelector("main .utrecht-alert--error");
            if (alert) {
              alert.setAttribute("tabindex", "-1");
              alert.focus();
            }
            setUp();
          } else {
            window.location.reload();
          }
          return;
        }
        current().replaceWith(fresh);
        setUp();
        focusMoved(fresh, pk, direction);
        announce(fresh, pk);
      })
      .catch(function () { window.location.reload(); });
  }

  function onSubmit(event) {
    var form = event.target.closest("form[data-reorder-move]");
    if (!form) {
      return;
    }
    event.preventDefault();
    var row = form.closest("[data-reorder-item]");
    var direction = form.querySelector('[name="direction"]').value;
    send(form.action, new FormData(form), row.dataset.reorderItem, direction);
  }

  function clearMarks(root) {
    items(root).forEach(function (row) {
      row.classList.remove("hecht-drop-before", "hecht-drop-after", "hecht-dragging");
    });
  }

  function after(row, event) {
    var box = row.getBoundingClientRect();
    return event.clientY > box.top + box.height / 2;
  }

  function setUp() {
    var root = current();
    if (!root) {
      return;
    }
    root.addEventListener("submit", onSubmit);
    var token = root.querySelector('[name="csrfmiddlewaretoken"]');
    items(root).forEach(function (row) {
      var place = row.querySelector("[data-reorder-handle]");
      if (!place || !token) {
        return;
      }
      var handle = document.createElement("span");
      handle.className = "hecht-drag-handle";
      handle.title = root.dataset.reorderDragHint;
      handle.setAttribute("aria-hidden", "true");
      place.insertBefore(handle, place.firstChild);
      // Only the handle starts a drag, so text in the row stays selectable.
      handle.addEventListener("mousedown", function () { row.draggable = true; });
      row.addEventListener("dragstart", function (event) {
        dragged = row;
        row.classList.add("hecht-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", row.dataset.reorderName);
      });
      row.addEventListener("dragend", function () {
        row.draggable = false;
        dragged = null;
        clearMarks(root);
      });
      row.addEventListener("dragover", function (event) {
        if (!dragged || dragged === row) {
          return;
        }
        event.preventDefault();
        clearMarks(root);
        dragged.classList.add("hecht-dragging");
        row.classList.add(after(row, event) ? "hecht-drop-after" : "hecht-drop-before");
      });
      row.addEventListener("drop", function (event) {
        if (!dragged || dragged === row) {
          return;
        }
        event.preventDefault();
        var siblings = Array.prototype.slice.call(row.parentNode.children);
        var from = siblings.indexOf(dragged);
        var to = siblings.indexOf(row) + (after(row, event) ? 1 : 0);
        if (to > from) {
          to -= 1;
        }
        var moving = dragged;
        clearMarks(root);
        if (to === from) {
          return;
        }
        var body = new FormData();
        body.append("csrfmiddlewaretoken", token.value);
        body.append("position", String(to + 1));
        send(moving.dataset.reorderUrl, body, moving.dataset.reorderItem, to < from ? "up" : "down");
      });
    });
  }

  setUp();
})();
