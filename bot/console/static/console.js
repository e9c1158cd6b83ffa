// The staff console: sign in, watch the queue live, claim, reply, note, hand back.
//
// Every text from users or the server is put on the page with textContent, never as HTML.
(function () {
  "use strict";

  var REASONS = { request: "درخواست کاربر", low_confidence: "دستیار متوجه نشد", failed_input: "ورودی نامعتبر پیاپی", angry: "کاربر ناراضی" };
  var STATUSES = { queued: "در صف", assigned: "در دست کارشناس", closed: "بسته" };
  var CHANNELS = { web: "وب", telegram: "تلگرام", bale: "بله" };
  var RECORD_STATUSES = {
    open: "باز", in_progress: "در حال بررسی", waiting_for_user: "در انتظار پاسخ کاربر", resolved: "حل‌شده",
    closed: "بسته", active: "فعال", cancelled: "لغوشده"
  };
  var SLOT_LABELS = {
    ticket_category: "موضوع تیکت", ticket_description: "شرح تیکت", ticket_code: "کد تیکت", mobile: "شماره همراه",
    known_mobile: "شماره همراه قبلی", booking_code: "کد رزرو", clinic_topic: "موضوع مشاوره", clinic_slot_id: "نوبت مشاوره",
    clinic_day: "روز مشاوره", clinic_time: "ساعت مشاوره", course: "دوره", province: "استان", tracking_code: "کد رهگیری",
    national_code: "کد ملی", date: "تاریخ", time: "ساعت", csat_score: "نمره‌ی رضایت", csat_comment: "نظر کاربر",
    ticket_confirmed: "تأیید تیکت", booking_confirmed: "تأیید رزرو", cancel_confirmed: "تأیید لغو"
  };
  var TIME = new Intl.DateTimeFormat("fa-IR-u-ca-persian-nu-arabext", { timeZone: "Asia/Tehran", hour: "2-digit", minute: "2-digit", hour12: false });
  var NUMBER = new Intl.NumberFormat("fa-IR");

  var me = null;
  var csrfToken = "";
  var currentId = null;
  var queue = [];

  function byId(id) { return document.getElementById(id); }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function clockOf(seconds) {
    return seconds ? TIME.format(new Date(seconds * 1000)) : "";
  }

  function waitedMinutes(seconds) {
    return NUMBER.format(Math.max(0, Math.floor((Date.now() / 1000 - seconds) / 60))) + " دقیقه";
  }

  function api(method, path, body) {
    var headers = { "Content-Type": "application/json" };
    if (method !== "GET") headers["X-CSRF-Token"] = csrfToken;
    return fetch(path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined, credentials: "same-origin" })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (response.status === 401) showSignIn();
          if (!response.ok) throw new Error(data.error || "خطا در ارتباط با سرور؛ دوباره تلاش کنید.");
          return data;
        });
      });
  }

  function showError(id, message) {
    var box = byId(id);
    box.textContent = message || "";
    box.hidden = !message;
  }

  // ------------------------------------------------------------ signing in

  function showSignIn() {
    byId("desk").hidden = true;
    byId("sign-in").hidden = false;
  }

  function startDesk(data) {
    me = data.staff;
    csrfToken = data.csrf_token;
    byId("sign-in").hidden = true;
    byId("desk").hidden = false;
    byId("who").textContent = me.display_name + (me.role === "supervisor" ? " (سرپرست)" : " (کارشناس)");
    loadCanned();
    loadQueue();
    listen();
  }

  byId("sign-in-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var errorBox = form.querySelector(".error");
    fetch("/console/api/sign-in", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Requested-With": "servicedesk-console" },
      body: JSON.stringify({ username: form.username.value, password: form.password.value }),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.error);
        form.password.value = "";
        errorBox.hidden = true;
        startDesk(data);
      });
    }).catch(function (error) {
      errorBox.textContent = error.message;
      errorBox.hidden = false;
    });
  });

  byId("sign-out").addEventListener("click", function () {
    api("POST", "/console/api/sign-out").finally(function () { location.reload(); });
  });

  // ------------------------------------------------------------ the queue

  function loadQueue() {
    return api("GET", "/console/api/queue").then(function (data) {
      queue = data.handoffs;
      renderQueue();
    });
  }

  function renderQueue() {
    var list = byId("queue");
    list.textContent = "";
    byId("queue-empty").hidden = queue.length > 0;
    queue.forEach(function (handoff) {
      var item = element("li", null, "queue-item " + handoff.status + (handoff.id === currentId ? " current" : ""));
      var button = element("button", null);
      button.type = "button";
      button.dataset.handoffId = handoff.id;
      button.appendChild(element("strong", "گفتگوی " + NUMBER.format(handoff.id) + " — " + (CHANNELS[handoff.channel] || handoff.channel)));
      button.appendChild(element("span", REASONS[handoff.reason] || handoff.reason, "reason"));
      button.appendChild(element("span", STATUSES[handoff.status] + (handoff.agent ? ": " + handoff.agent.display_name : ""), "status"));
      button.appendChild(element("span", "انتظار: " + waitedMinutes(handoff.queued_at), "waited"));
      button.addEventListener("click", function () { openConversation(handoff.id); });
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  // ------------------------------------------------------------ one conversation

  function openConversation(handoffId) {
    currentId = handoffId;
    renderQueue();
    return api("GET", "/console/api/handoffs/" + handoffId).then(renderConversation).catch(function (error) {
      showError("conversation-error", error.message);
    });
  }

  function renderConversation(data) {
    var handoff = data.handoff;
    var holds = handoff.agent && handoff.agent.id === me.id;
    var canAct = handoff.status !== "closed" && (holds || me.role === "supervisor");
    byId("conversation").hidden = false;
    showError("conversation-error", "");
    byId("conversation-title").textContent = "گفتگوی " + NUMBER.format(handoff.id) + " — " + STATUSES[handoff.status] +
      (handoff.agent ? " (" + handoff.agent.display_name + ")" : "");
    byId("claim").hidden = handoff.status !== "queued";
    byId("close").hidden = !canAct;
    byId("reassign").hidden = byId("reassign-to").hidden = me.role !== "supervisor" || handoff.status === "closed";
    byId("reply-form").hidden = !canAct;
    byId("ticket-form").hidden = !canAct;

    var transcript = byId("transcript");
    transcript.textContent = "";
    data.transcript.forEach(function (message) {
      var item = element("li", null, "line " + message.from);
      var label = "دستیار";
      if (message.from === "user") label = "کاربر";
      if (message.from === "staff") label = "کارشناس: " + message.staff_name;
      item.appendChild(element("span", label + " · " + clockOf(message.timestamp), "who"));
      var text = element("p", message.text || "");
      text.dir = "auto";
      item.appendChild(text);
      (message.quick_replies || []).forEach(function (reply) { item.appendChild(element("span", reply.title, "chip")); });
      transcript.appendChild(item);
    });
    transcript.scrollTop = transcript.scrollHeight;

    var slots = byId("slots");
    slots.textContent = "";
    Object.keys(data.slots).forEach(function (name) {
      slots.appendChild(element("dt", SLOT_LABELS[name] || name));
      slots.appendChild(element("dd", typeof data.slots[name] === "object" ? JSON.stringify(data.slots[name]) : data.slots[name]));
    });
    fillList("tickets", data.tickets, function (ticket) { return ticket.code + " — " + statusLabel(ticket.status) + " — " + ticket.created; });
    fillList("bookings", data.bookings, function (booking) { return booking.code + " — " + statusLabel(booking.status) + " — " + booking.when; });
    fillList("notes", data.notes, function (note) { return note.author + " (" + clockOf(note.timestamp) + "): " + note.text; });
    if (data.slots.mobile || data.slots.known_mobile) byId("ticket-form").mobile.value = data.slots.mobile || data.slots.known_mobile;
  }

  function statusLabel(status) {
    return RECORD_STATUSES[status] || status;
  }

  function fillList(id, rows, describe) {
    var list = byId(id);
    list.textContent = "";
    if (!rows.length) list.appendChild(element("li", "ندارد", "muted empty"));
    rows.forEach(function (row) { list.appendChild(element("li", describe(row))); });
  }

  function act(path, body) {
    return api("POST", "/console/api/handoffs/" + currentId + path, body)
      .then(function (result) { return loadQueue().then(function () { return openConversation(currentId); }).then(function () { return result; }); })
      .catch(function (error) { showError("conversation-error", error.message); throw error; });
  }

  byId("claim").addEventListener("click", function () { act("/claim"); });
  byId("close").addEventListener("click", function () { act("/close"); });
  byId("reassign").addEventListener("click", function () {
    act("/reassign", { staff_id: Number(byId("reassign-to").value) });
  });

  byId("reply-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var box = event.target.text;
    var text = box.value.trim();
    if (!text) return;
    act("/reply", { text: text }).then(function () { box.value = ""; });
  });

  byId("note-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var box = event.target.text;
    if (!box.value.trim()) return;
    act("/notes", { text: box.value }).then(function () { box.value = ""; });
  });

  byId("ticket-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    act("/ticket", { category: form.category.value, mobile: form.mobile.value.trim(), description: form.description.value })
      .then(function (result) { form.description.value = ""; showError("conversation-error", ""); byId("conversation-title").dataset.ticket = result.ticket_code; });
  });

  function loadCanned() {
    api("GET", "/console/api/canned").then(function (data) {
      var canned = byId("canned");
      data.responses.forEach(function (response) {
        var option = element("option", response.title);
        option.value = response.text;
        canned.appendChild(option);
      });
      var categories = byId("ticket-form").category;
      data.ticket_categories.forEach(function (category) {
        var option = element("option", category.name);
        option.value = category.id;
        categories.appendChild(option);
      });
    });
    if (me.role === "supervisor") {
      api("GET", "/console/api/staff").then(function (data) {
        var select = byId("reassign-to");
        data.staff.forEach(function (member) {
          var option = element("option", member.display_name);
          option.value = member.id;
          select.appendChild(option);
        });
      });
    }
  }

  byId("canned").addEventListener("change", function (event) {
    if (!event.target.value) return;
    var box = byId("reply-form").text;
    box.value = (box.value ? box.value + "\n" : "") + event.target.value;
    event.target.value = "";
    box.focus();
  });

  // ------------------------------------------------------------ live updates

  function listen() {
    var stream = new EventSource("/console/events");
    var connection = byId("connection");
    stream.addEventListener("ready", function () { connection.textContent = "به‌روزرسانی زنده"; connection.className = "connection live"; });
    stream.onerror = function () { connection.textContent = "در حال اتصال دوباره…"; connection.className = "connection"; };
    function refresh(event) {
      var data = JSON.parse(event.data);
      loadQueue();
      if (currentId !== null && data.handoff_id === currentId) openConversation(currentId);
    }
    stream.addEventListener("queue", refresh);
    stream.addEventListener("message", refresh);
    stream.addEventListener("note", refresh);
  }

  setInterval(function () { if (me) renderQueue(); }, 30000);

  fetch("/console/api/me", { credentials: "same-origin" }).then(function (response) {
    if (!response.ok) throw new Error("signed out");
    return response.json();
  }).then(startDesk).catch(showSignIn);
})();
