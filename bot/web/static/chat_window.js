// The Persian chat window: launcher, messages, quick replies, offline outbox.
//
// Everything people type or the server sends is put on the page as text nodes, never as
// HTML. Embedding: <script src="https://GATEWAY/widget.js" data-title="…"></script>
(function () {
  "use strict";

  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var config = {
    server: (data.server || scriptOrigin).replace(/\/$/, ""),
    title: data.title || "دستیار میز خدمت",
    primaryColor: data.primaryColor || "#0f6b5c",
    greeting: data.greeting || "",
    startOpen: data.open === "true"
  };
  var STORAGE_KEY = "servicedesk-widget:" + config.server;
  var TEXTS = {
    launcher: "گفتگو با " + config.title,
    close: "بستن گفتگو",
    input: "پیام خود را بنویسید",
    send: "ارسال",
    online: "آنلاین",
    connecting: "در حال اتصال…",
    offline: "اتصال برقرار نیست؛ دوباره تلاش می‌کنم. پیام‌هایتان پس از اتصال فرستاده می‌شوند.",
    pending: "در انتظار ارسال",
    typing: "دستیار در حال نوشتن است",
    unread: " پیام تازه",
    staff: "کارشناس پشتیبانی",
    image: "تصویر"
  };
  var TIME_FORMAT = new Intl.DateTimeFormat("fa-IR-u-ca-persian-nu-arabext", {
    timeZone: "Asia/Tehran", hour: "2-digit", minute: "2-digit", hour12: false
  });
  var DATE_FORMAT = new Intl.DateTimeFormat("fa-IR-u-ca-persian-nu-arabext", {
    timeZone: "Asia/Tehran", year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false
  });
  var NUMBER_FORMAT = new Intl.NumberFormat("fa-IR");
  // Latin codes, e-mail addresses and numbers stay on one line: TK-004217, sara.k2@example.com.
  var LATIN_TOKEN = /[A-Za-z0-9][A-Za-z0-9._@\-\/]*[A-Za-z0-9]/g;
  var LINK = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)»]/g;

  // ---------------------------------------------------------------- saved state

  function loadState() {
    try {
      var saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "{}");
      return { sessionId: saved.sessionId || null, outbox: saved.outbox || [], open: Boolean(saved.open) };
    } catch (error) {
      return { sessionId: null, outbox: [], open: false };
    }
  }

  function saveState() {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (error) {
      // Private mode or full storage: the conversation still works until the page closes.
    }
  }

  function newMessageId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }

  // ---------------------------------------------------------------- building the page

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function chatIcon() {
    var namespace = "http://www.w3.org/2000/svg";
    var icon = document.createElementNS(namespace, "svg");
    icon.setAttribute("viewBox", "0 0 24 24");
    icon.setAttribute("aria-hidden", "true");
    var bubble = document.createElementNS(namespace, "path");
    bubble.setAttribute("d", "M6 4h12a3 3 0 0 1 3 3v8a3 3 0 0 1-3 3H10l-5 4v-4.2A3 3 0 0 1 3 15V7a3 3 0 0 1 3-3z");
    icon.appendChild(bubble);
    return icon;
  }

  function addStyleSheet(root, href) {
    root.appendChild(element("link", { rel: "stylesheet", href: config.server + href }));
  }

  function buildWindow() {
    addStyleSheet(document.head, "/static/fonts.css");
    var host = element("div", { id: "servicedesk-widget" });
    host.style.setProperty("--sdw-primary", config.primaryColor);
    var root = host.attachShadow({ mode: "open" });
    addStyleSheet(root, "/static/widget.css");

    var badge = element("span", { class: "badge", hidden: "" });
    var launcher = element("button", { class: "launcher", type: "button", "aria-label": TEXTS.launcher, "aria-expanded": "false" }, [
      chatIcon(), badge
    ]);
    var status = element("span", { class: "status" }, [TEXTS.connecting]);
    var closeButton = element("button", { class: "close", type: "button", "aria-label": TEXTS.close }, ["×"]);
    var header = element("header", {}, [
      element("div", { class: "titles" }, [element("h2", {}, [config.title]), status]), closeButton
    ]);
    var offline = element("div", { class: "offline", role: "status", hidden: "" }, [TEXTS.offline]);
    var log = element("ol", { class: "messages", role: "log", "aria-live": "polite", "aria-label": config.title });
    var typing = element("div", { class: "typing", hidden: "", "aria-label": TEXTS.typing, role: "status" }, [
      element("span", {}), element("span", {}), element("span", {})
    ]);
    var input = element("textarea", { rows: "1", "aria-label": TEXTS.input, placeholder: TEXTS.input, maxlength: "2000", dir: "auto" });
    var sendButton = element("button", { class: "send", type: "submit", "aria-label": TEXTS.send }, [TEXTS.send]);
    var form = element("form", { class: "composer" }, [input, sendButton]);
    var panel = element("section", { class: "panel", role: "dialog", "aria-label": config.title, dir: "rtl", lang: "fa", hidden: "" }, [
      header, offline, log, typing, form
    ]);
    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(host);
    return { launcher: launcher, badge: badge, panel: panel, status: status, close: closeButton, offline: offline, log: log, typing: typing, input: input, form: form };
  }

  // ---------------------------------------------------------------- showing messages

  function textWithCodes(text) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    text.replace(LATIN_TOKEN, function (token, offset) {
      if (offset > last) fragment.appendChild(document.createTextNode(text.slice(last, offset)));
      fragment.appendChild(element("span", { class: "code" }, [token]));
      last = offset + token.length;
      return token;
    });
    if (last < text.length) fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function richText(text) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    text.replace(LINK, function (url, offset) {
      fragment.appendChild(textWithCodes(text.slice(last, offset)));
      fragment.appendChild(element("a", { href: url, target: "_blank", rel: "noopener noreferrer", dir: "ltr" }, [url]));
      last = offset + url.length;
      return url;
    });
    fragment.appendChild(textWithCodes(text.slice(last)));
    return fragment;
  }

  function timeLabel(timestamp) {
    var moment = new Date((timestamp || Date.now() / 1000) * 1000);
    return element("time", { datetime: moment.toISOString(), title: DATE_FORMAT.format(moment) }, [TIME_FORMAT.format(moment)]);
  }

  function safeImageSource(source) {
    try {
      var url = new URL(source, config.server);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function quickReplies(options) {
    var group = element("div", { class: "quick-replies", role: "group" });
    options.forEach(function (option) {
      var button = element("button", { type: "button" }, [option.title]);
      button.addEventListener("click", function () {
        Array.prototype.forEach.call(group.querySelectorAll("button"), function (other) { other.disabled = true; });
        button.setAttribute("aria-pressed", "true");
        send(option.payload, option.title);
      });
      group.appendChild(button);
    });
    return group;
  }

  function showMessage(message) {
    var from = message.from || "bot";
    var item = element("li", { class: "message " + from + (message.staff_name ? " staff" : "") });
    if (message.staff_name) item.appendChild(element("span", { class: "author" }, [TEXTS.staff + " — " + message.staff_name]));
    var attachment = message.attachment;
    if (attachment && attachment.type === "image" && attachment.payload) {
      var source = safeImageSource(attachment.payload.src);
      if (source) item.appendChild(element("img", { src: source, alt: TEXTS.image, loading: "lazy" }));
    }
    if (message.text) {
      var bubble = element("div", { class: "bubble", dir: "auto" });
      bubble.appendChild(from === "user" ? textWithCodes(message.text) : richText(message.text));
      item.appendChild(bubble);
    }
    var footer = element("div", { class: "meta" }, [timeLabel(message.timestamp)]);
    if (message.pendingId) {
      item.dataset.pendingId = message.pendingId;
      footer.appendChild(element("span", { class: "pending" }, [TEXTS.pending]));
    }
    item.appendChild(footer);
    if (message.quick_replies && message.quick_replies.length) item.appendChild(quickReplies(message.quick_replies));
    ui.log.appendChild(item);
    ui.log.scrollTop = ui.log.scrollHeight;
    return item;
  }

  function showHistory(messages) {
    ui.log.textContent = "";
    // The greeting is the page's own, not Rasa's, so it heads every conversation.
    if (config.greeting) showMessage({ from: "bot", text: config.greeting, timestamp: messages.length ? messages[0].timestamp : null });
    messages.forEach(showMessage);
    state.outbox.forEach(function (queued) {
      showMessage({ from: "user", text: queued.display || queued.text, timestamp: queued.timestamp, pendingId: queued.id });
    });
  }

  function markDelivered(messageId) {
    var item = ui.log.querySelector('[data-pending-id="' + CSS.escape(messageId) + '"]');
    if (!item) return;
    delete item.dataset.pendingId;
    var marker = item.querySelector(".pending");
    if (marker) marker.remove();
  }

  function countUnread() {
    if (!ui.panel.hidden) return;
    unread += 1;
    ui.badge.textContent = NUMBER_FORMAT.format(unread);
    ui.badge.hidden = false;
    ui.launcher.setAttribute("aria-label", TEXTS.launcher + "، " + NUMBER_FORMAT.format(unread) + TEXTS.unread);
  }

  // ---------------------------------------------------------------- talking to the gateway

  function send(text, display) {
    var queued = { id: newMessageId(), text: text, display: display || null, timestamp: Date.now() / 1000 };
    state.outbox.push(queued);
    saveState();
    showMessage({ from: "user", text: display || text, timestamp: queued.timestamp, pendingId: queued.id });
    if (sessionReady) emitQueued(queued);
  }

  function emitQueued(queued) {
    connection.emit("user_uttered", {
      message: queued.text, session_id: state.sessionId, message_id: queued.id, display_text: queued.display
    });
  }

  function flushOutbox() {
    state.outbox.forEach(emitQueued);
  }

  function setOnline(online) {
    ui.offline.hidden = online;
    ui.status.textContent = online ? TEXTS.online : TEXTS.connecting;
    ui.panel.classList.toggle("is-offline", !online);
  }

  var events = {
    session_confirm: function (sessionId) {
      state.sessionId = sessionId;
      saveState();
      setOnline(true);
      historyTimer = setTimeout(function () { events.session_history({ available: false, messages: [] }); }, 5000);
    },
    session_history: function (history) {
      if (sessionReady) return;
      clearTimeout(historyTimer);
      if (history && history.available) showHistory(history.messages || []);
      sessionReady = true;
      flushOutbox();
    },
    message_received: function (receipt) {
      state.outbox = state.outbox.filter(function (queued) { return queued.id !== receipt.message_id; });
      saveState();
      markDelivered(receipt.message_id);
    },
    bot_typing: function (signal) {
      ui.typing.hidden = !(signal && signal.typing);
    },
    bot_uttered: function (message) {
      ui.typing.hidden = true;
      showMessage(message);
      countUnread();
    }
  };

  // ---------------------------------------------------------------- opening and closing

  function openPanel() {
    ui.panel.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "true");
    unread = 0;
    ui.badge.hidden = true;
    ui.launcher.setAttribute("aria-label", TEXTS.launcher);
    state.open = true;
    saveState();
    ui.log.scrollTop = ui.log.scrollHeight;
    ui.input.focus();
  }

  function closePanel() {
    ui.panel.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    saveState();
    ui.launcher.focus();
  }

  function wireControls() {
    ui.launcher.addEventListener("click", function () { if (ui.panel.hidden) openPanel(); else closePanel(); });
    ui.close.addEventListener("click", closePanel);
    ui.panel.addEventListener("keydown", function (event) { if (event.key === "Escape") closePanel(); });
    ui.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = ui.input.value.trim();
      if (!text) return;
      ui.input.value = "";
      send(text, null);
    });
    ui.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        ui.form.requestSubmit();
      }
    });
  }

  var state = loadState();
  var ui = buildWindow();
  var unread = 0;
  var sessionReady = false;
  var historyTimer = null;
  var connection = new window.ServiceDeskSocketConnection(config.server, {
    onConnect: function () {
      // The session request goes first on every connection, before any queued message.
      sessionReady = false;
      connection.emit("session_request", { session_id: state.sessionId });
    },
    onDisconnect: function () {
      sessionReady = false;
      setOnline(false);
    },
    onEvent: function (name, payload) {
      if (events[name]) events[name](payload);
    }
  });

  wireControls();
  showHistory([]);
  if (state.open || config.startOpen) openPanel();
  connection.open();
  setTimeout(function () { if (!connection.connected) setOnline(false); }, 3000);
})();
