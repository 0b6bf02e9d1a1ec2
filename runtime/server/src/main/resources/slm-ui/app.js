// The slm-cluster dashboard: plain JavaScript and SVG over the coordinator's /api/v1, polled every few seconds.
// A read token (when the API asks for one) is kept in sessionStorage, taken from the token field or once from
// the address' fragment (#token=...), and sent as a Bearer header.
"use strict";

const POLL_MILLIS = 5000;
const SVG = "http://www.w3.org/2000/svg";
const state = {
  leaderboardRows: [],
  sortKey: "mean",
  sortDescending: true,
  histories: {},
  alerts: [],
  compared: false,
};

function token() {
  return sessionStorage.getItem("slm-token") || "";
}

function takeTokenFromFragment() {
  const match = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem("slm-token", decodeURIComponent(match[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
}

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path) {
  const headers = { Accept: "application/json" };
  if (token()) {
    headers.Authorization = "Bearer " + token();
  }
  const response = await fetch("../api/v1/" + path, { headers });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = body.error && body.error.message ? body.error.message : "HTTP " + response.status;
    throw new ApiError(response.status, message);
  }
  return body;
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null) {
      node.setAttribute(key, value);
    }
  }
  for (const child of children) {
    if (child !== undefined && child !== null) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null) {
      node.setAttribute(key, value);
    }
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function number(value, digits) {
  return typeof value === "number" && isFinite(value) ? value.toFixed(digits) : "–";
}

function setStatus(text, isError) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.className = isError ? "status error" : "status";
}

function fillBody(tableId, rows) {
  const body = document.querySelector("#" + tableId + " tbody");
  body.replaceChildren(...rows);
}

// ---- overlay

function isTreeLink(a, b) {
  const parent = (label) => (label === "root" ? null : label.length === 1 ? "root" : label.slice(0, -1));
  return parent(a) === b || parent(b) === a;
}

function renderOverlay(topology, nodes, hosts) {
  const width = 640;
  const levelHeight = 100;
  const byLevel = {};
  for (const node of topology.nodes) {
    (byLevel[node.level] = byLevel[node.level] || []).push(node.label);
  }
  const position = {};
  for (const [level, labels] of Object.entries(byLevel)) {
    labels.sort();
    labels.forEach((label, i) => {
      position[label] = { x: ((i + 0.5) * width) / labels.length, y: 40 + Number(level) * levelHeight };
    });
  }
  const height = 40 + (Object.keys(byLevel).length - 1) * levelHeight + 70;
  const members = {};
  for (const node of nodes.nodes || []) {
    members[node.label] = node;
  }
  const health = {};
  for (const host of hosts.hosts || []) {
    health[host.label] = host;
  }
  const picture = svg("svg", { viewBox: "0 0 " + width + " " + height, width: "100%", class: "overlay" });
  for (const [a, b] of topology.links) {
    if (position[a] && position[b]) {
      picture.append(svg("line", {
        class: isTreeLink(a, b) ? "link tree" : "link",
        x1: position[a].x, y1: position[a].y, x2: position[b].x, y2: position[b].y,
      }));
    }
  }
  let up = 0;
  for (const node of topology.nodes) {
    const p = position[node.label];
    const member = members[node.label];
    const host = health[node.label] || {};
    let kind = "absent";
    if (member) {
      kind = !member.reachable ? "unreachable" : member.status === "Up" ? "up" : "other";
    }
    if (kind === "up") {
      up++;
    }
    const hot = typeof host.temperature_celsius === "number" && host.temperature_celsius >= 80;
    const group = svg("g", {
      class: "member " + kind + (hot || host.throttled ? " hot" : ""),
      "data-label": node.label,
      "data-status": member ? member.status : "absent",
    });
    const details = member
      ? node.label + " " + member.address + " " + member.status + (member.reachable ? "" : " (unreachable)")
      : node.label + ": no member";
    group.append(svg("title", {}, details));
    group.append(svg("circle", { cx: p.x, cy: p.y, r: 18 }));
    group.append(svg("text", { x: p.x, y: p.y + 4, "text-anchor": "middle" }, node.label));
    if (member) {
      const load = "queue " + (member.queue_depth || 0) + " · run " + (member.running || 0);
      const figures = [];
      if (typeof host.load_1m === "number") figures.push("load " + number(host.load_1m, 2));
      if (typeof host.cpu_usage_ratio === "number") figures.push("cpu " + number(100 * host.cpu_usage_ratio, 0) + "%");
      if (typeof host.temperature_celsius === "number") figures.push(number(host.temperature_celsius, 1) + " °C");
      if (host.throttled) figures.push("THROTTLED");
      group.append(svg("text", { x: p.x, y: p.y + 32, "text-anchor": "middle", class: "member-load" }, load));
      group.append(svg("text", { x: p.x, y: p.y + 45, "text-anchor": "middle", class: "member-host" },
        figures.length ? figures.join(" · ") : host.error ? "no host figures" : ""));
      if ((member.models || []).length) {
        group.append(svg("text", { x: p.x, y: p.y - 24, "text-anchor": "middle", class: "member-models" },
          member.models.join(", ")));
      }
    }
    picture.append(group);
  }
  document.getElementById("overlay").replaceChildren(picture);
  document.getElementById("overlay-summary").textContent =
    up + " of " + topology.nodes.length + " members up · coordinator " + (nodes.coordinator || "?");
}

// ---- models and jobs

function renderModels(models) {
  fillBody("models", (models.models || []).map((model) => el("tr", { "data-model": model.name },
    el("td", {}, model.name),
    el("td", {}, model.engine || ""),
    el("td", {}, (model.hosts || []).map((h) => h.node + " (" + h.state + ")").join(", ")
      || (model.nodes || []).join(", ")),
    el("td", { class: "num" }, model.completed),
    el("td", { class: "num" }, number(model.tokens_per_second, 1)))));
}

function renderJobs(jobs) {
  const list = (jobs.jobs || []).slice().reverse();
  const rows = list.map((job) => {
    const percent = Math.round(100 * (job.fraction || 0));
    return el("tr", { "data-job": job.id, "data-state": job.state },
      el("td", {}, job.id),
      el("td", {}, job.state),
      el("td", {}, el("div", { class: "bar", title: percent + "%" }, el("span", { style: "width:" + percent + "%" })),
        " " + percent + "%"),
      el("td", { class: "num progress" }, job.done + " / " + job.total),
      el("td", { class: "num" }, job.failed),
      el("td", {}, Object.keys(job.models || {}).join(", ")));
  });
  fillBody("jobs", rows.length ? rows : [el("tr", {}, el("td", { colspan: 6, class: "empty" }, "no jobs yet"))]);
}

// ---- leaderboard

function fillSelect(id, values, keepFirst) {
  const select = document.getElementById(id);
  const current = select.value;
  const options = (keepFirst ? [keepFirst] : []).concat(values);
  select.replaceChildren(...options.map((v) => el("option", { value: v }, v)));
  if (options.includes(current)) {
    select.value = current;
  }
}

function renderLeaderboard() {
  const task = document.getElementById("lb-task").value;
  const metric = document.getElementById("lb-metric").value;
  const rows = state.leaderboardRows
    .filter((r) => (task === "all" || r.task === task) && (metric === "all" || r.metric === metric))
    .sort((a, b) => {
      const x = a[state.sortKey];
      const y = b[state.sortKey];
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return state.sortDescending ? -order : order;
    });
  for (const th of document.querySelectorAll("#leaderboard th")) {
    th.className = th.dataset.key === state.sortKey ? (state.sortDescending ? "sorted-desc" : "sorted-asc") : "";
  }
  fillBody("leaderboard", rows.length ? rows.map((r) => el("tr", { "data-model": r.model, class: "score" },
    el("td", {}, r.model),
    el("td", {}, r.task),
    el("td", {}, r.metric),
    el("td", { class: "num" }, number(r.mean, 4)),
    el("td", { class: "num" }, "[" + number(r.ci_low, 4) + ", " + number(r.ci_high, 4) + "]"),
    el("td", { class: "num" }, r.count))) : [el("tr", {}, el("td", { colspan: 6, class: "empty" }, "no scores yet"))]);
}

async function loadLeaderboard(ledgers) {
  const rows = [];
  for (const ledger of ledgers.ledgers || []) {
    const view = await api("ledgers/" + encodeURIComponent(ledger.model));
    for (const task of view.tasks || []) {
      for (const [metric, summary] of Object.entries(task.metrics || {})) {
        rows.push({ model: ledger.model, task: task.task, metric, mean: summary.mean,
          ci_low: summary.ci_low, ci_high: summary.ci_high, count: summary.count });
      }
    }
  }
  state.leaderboardRows = rows;
  fillSelect("lb-task", [...new Set(rows.map((r) => r.task))].sort(), "all");
  fillSelect("lb-metric", [...new Set(rows.map((r) => r.metric))].sort(), "all");
  renderLeaderboard();
}

// ---- history and drift

async function loadHistories(ledgers) {
  const models = (ledgers.ledgers || []).map((l) => l.model);
  for (const model of models) {
    state.histories[model] = (await api("ledgers/" + encodeURIComponent(model) + "/history")).points || [];
  }
  state.alerts = (await api("alerts")).alerts || [];
  fillSelect("history-model", models);
  renderHistory();
  fillCompareChoices();
}

function renderHistory() {
  const model = document.getElementById("history-model").value;
  const points = state.histories[model] || [];
  const series = new Set();
  for (const point of points) {
    for (const [task, t] of Object.entries(point.tasks || {})) {
      for (const metric of Object.keys(t.metrics || {})) {
        series.add(task + " / " + metric);
      }
    }
  }
  fillSelect("history-series", [...series].sort());
  const [task, metric] = (document.getElementById("history-series").value || " / ").split(" / ");
  const values = points.map((p, i) => {
    const summary = ((p.tasks || {})[task] || { metrics: {} }).metrics[metric];
    const drifted = ((p.drift || {}).comparisons || []).some((c) => c.task === task && c.metric === metric && c.drifted);
    return summary ? { i, job: p.job, at: p.at, mean: summary.mean, low: summary.ci_low, high: summary.ci_high, drifted } : null;
  }).filter((v) => v);
  const target = document.getElementById("history");
  if (!values.length) {
    target.replaceChildren(el("p", { class: "empty" }, "no history yet"));
  } else {
    const width = 600;
    const height = 180;
    const numbers = values.flatMap((v) => [v.mean, v.low, v.high]).filter((v) => typeof v === "number" && isFinite(v));
    let lo = Math.min(...numbers);
    let hi = Math.max(...numbers);
    if (hi - lo < 1e-9) { hi += 0.5; lo -= 0.5; }
    const x = (i) => 40 + (values.length === 1 ? (width - 60) / 2 : (i * (width - 60)) / (values.length - 1));
    const y = (v) => 15 + (height - 40) * (1 - (v - lo) / (hi - lo));
    const chart = svg("svg", { viewBox: "0 0 " + width + " " + height, width: "100%", class: "history-chart" });
    chart.append(svg("text", { x: 2, y: y(hi) + 4 }, number(hi, 2)), svg("text", { x: 2, y: y(lo) + 4 }, number(lo, 2)));
    values.forEach((v, k) => {
      if (typeof v.low === "number" && typeof v.high === "number") {
        chart.append(svg("line", { class: "ci", x1: x(k), x2: x(k), y1: y(v.low), y2: y(v.high) }));
      }
    });
    chart.append(svg("polyline", { class: "series", points: values.map((v, k) => x(k) + "," + y(v.mean)).join(" ") }));
    values.forEach((v, k) => {
      const mark = svg("circle", { class: v.drifted ? "drift-mark" : "point", cx: x(k), cy: y(v.mean), r: v.drifted ? 6 : 3.5,
        "data-job": v.job });
      mark.append(svg("title", {}, v.job + " " + v.at + ": " + number(v.mean, 4) + (v.drifted ? " (drift)" : "")));
      chart.append(mark);
      chart.append(svg("text", { x: x(k), y: height - 5, "text-anchor": "middle" }, v.job.slice(-8)));
    });
    target.replaceChildren(chart);
  }
  const alerts = state.alerts.filter((a) => a.model === model);
  document.getElementById("alerts").replaceChildren(...alerts.map((a) => el("li", { class: "alert" },
    a.kind === "traffic_shift"
      ? "traffic shift at " + a.at + ": " + a.feature + " PSI " + number(a.psi, 3) + " (threshold " +
        number(a.threshold, 2) + ", windows of " + a.window_requests + " requests)"
      : "drift in " + a.job + " (" + (a.version || "").slice(0, 12) + ") against " + a.baseline_job + ": " +
        a.task + "/" + a.metric + " " + number(a.difference, 3) + " [" + number(a.ci_low, 3) + ", " +
        number(a.ci_high, 3) + "]")));
}

// ---- comparison of two runs

function fillCompareChoices() {
  const runs = [];
  for (const [model, points] of Object.entries(state.histories)) {
    for (const point of points) {
      runs.push({ run: point.job + "/" + model, at: point.at });
    }
  }
  runs.sort((a, b) => String(a.at).localeCompare(String(b.at)));
  const names = runs.map((r) => r.run);
  fillSelect("compare-a", names);
  fillSelect("compare-b", names);
  if (!state.compared && names.length >= 2) {
    document.getElementById("compare-a").value = names[names.length - 2];
    document.getElementById("compare-b").value = names[names.length - 1];
    state.compared = true;
    compare();
  }
}

async function compare() {
  const a = document.getElementById("compare-a").value;
  const b = document.getElementById("compare-b").value;
  const target = document.getElementById("compare");
  if (!a || !b) {
    target.replaceChildren(el("p", { class: "empty" }, "no runs to compare yet"));
    return;
  }
  try {
    const result = await api("compare?a=" + encodeURIComponent(a) + "&b=" + encodeURIComponent(b));
    const table = el("table", { class: "comparison" }, el("thead", {}, el("tr", {},
      el("th", {}, "task"), el("th", {}, "metric"), el("th", { class: "num" }, "items"), el("th", { class: "num" }, "A"),
      el("th", { class: "num" }, "B"), el("th", { class: "num" }, "B − A"), el("th", { class: "num" }, "95% interval"),
      el("th", {}, ""))));
    const body = el("tbody");
    for (const c of result.comparisons || []) {
      body.append(el("tr", { class: c.significant ? "significant" : "" },
        el("td", {}, c.task), el("td", {}, c.metric), el("td", { class: "num" }, c.shared),
        el("td", { class: "num" }, number(c.a_mean, 4)), el("td", { class: "num" }, number(c.b_mean, 4)),
        el("td", { class: "num" }, number(c.difference, 4)),
        el("td", { class: "num" }, "[" + number(c.ci_low, 4) + ", " + number(c.ci_high, 4) + "]"),
        el("td", {}, c.significant ? "*" : "")));
    }
    table.append(body);
    const items = el("table", { class: "changed" }, el("thead", {}, el("tr", {},
      el("th", {}, "item"), el("th", {}, "metric"), el("th", { class: "num" }, "A"), el("th", { class: "num" }, "B"),
      el("th", {}, "answer A"), el("th", {}, "answer B"))));
    const itemBody = el("tbody");
    for (const item of result.changed_items || []) {
      itemBody.append(el("tr", {}, el("td", {}, item.item), el("td", {}, item.metric),
        el("td", { class: "num" }, number(item.a_score, 3)), el("td", { class: "num" }, number(item.b_score, 3)),
        el("td", { class: "answer" }, item.a_answer || ""), el("td", { class: "answer" }, item.b_answer || "")));
    }
    items.append(itemBody);
    target.replaceChildren(el("p", {}, "A = " + result.a + ", B = " + result.b + "; * = the interval excludes 0"),
      table, el("h3", {}, "items that changed most"), items);
  } catch (e) {
    target.replaceChildren(el("p", { class: "empty" }, "cannot compare: " + e.message));
  }
}

// ---- polling

async function refresh() {
  try {
    const [topology, nodes, hosts, models, jobs, ledgers] = await Promise.all([
      api("topology"), api("nodes"), api("hosts"), api("models"), api("jobs"), api("ledgers")]);
    renderOverlay(topology, nodes, hosts);
    renderModels(models);
    renderJobs(jobs);
    await loadLeaderboard(ledgers);
    await loadHistories(ledgers);
    setStatus("updated " + new Date().toLocaleTimeString(), false);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
      setStatus("the API needs a read token: enter it on the right", true);
    } else {
      setStatus("cannot reach the API: " + e.message, true);
    }
  }
}

function start() {
  takeTokenFromFragment();
  document.getElementById("token").value = token();
  document.getElementById("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem("slm-token", document.getElementById("token").value.trim());
    refresh();
  });
  for (const th of document.querySelectorAll("#leaderboard th")) {
    th.addEventListener("click", () => {
      state.sortDescending = state.sortKey === th.dataset.key ? !state.sortDescending : true;
      state.sortKey = th.dataset.key;
      renderLeaderboard();
    });
  }
  document.getElementById("lb-task").addEventListener("change", renderLeaderboard);
  document.getElementById("lb-metric").addEventListener("change", renderLeaderboard);
  document.getElementById("history-model").addEventListener("change", renderHistory);
  document.getElementById("history-series").addEventListener("change", renderHistory);
  document.getElementById("compare-go").addEventListener("click", compare);
  refresh();
  setInterval(refresh, POLL_MILLIS);
}

start();
