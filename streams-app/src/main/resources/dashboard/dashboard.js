// The Graduation Analytics dashboard: the checklist of one app, its traffic as charts, its
// endpoints and permissions, and a picker over every app. Everything comes from the query API
// (GET /v1/...) with the token typed in once; the token is kept in this tab's sessionStorage and
// sent only in the Authorization header, never in a URL.
"use strict";

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = "graduation.token";
const POLL_MS = 1000;          // live: a new call shows within about a second
const SERIES_MAX_AGE_MS = 60000; // charts reload at least this often, so the buckets move with time
const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  app: new URLSearchParams(location.search).get("app"),
  range: "48h",
  picker: {cursors: [null], nextCursor: null},
  shown: null,          // what the detail view shows: eligibility fingerprint, range, when
  endpointRows: [],
  sort: {key: "calls", descending: true},
};

// ---- the API -------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path) {
  const response = await fetch(path, {headers: {"Authorization": "Bearer " + state.token}, cache: "no-store"});
  const body = await response.json().catch(() => ({error: "not JSON (HTTP " + response.status + ")"}));
  if (!response.ok) throw new ApiError(response.status, body.error || "HTTP " + response.status);
  const lag = response.headers.get("X-Standby-Lag");
  // Any instance answers, forwarding to the app's owner: say whose state answered.
  body.servedBy = (response.headers.get("X-Served-By") || "") + (lag === null ? "" : ` (standby, ${lag} records behind)`);
  return body;
}

const appPath = (app) => "/v1/apps/" + encodeURIComponent(app);
const query = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== "")).toString();

function showError(error) {
  if (error instanceof ApiError && error.status === 401) {
    forgetToken();
    setStatus("The token was not accepted: enter the query token again.", true);
  } else {
    setStatus(error.message, true);
  }
}

function setStatus(text, isError = false) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

// ---- small DOM helpers (text only: nothing from the API is ever parsed as HTML) ---------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

const number = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString("en"));
const percent = (fraction) => (fraction === null || fraction === undefined ? "–" : (100 * fraction).toFixed(2).replace(/\.?0+$/, "") + " %");
const ms = (n) => (n === null || n === undefined ? "–" : number(n) + " ms");

const UTC_HOUR = new Intl.DateTimeFormat("en", {timeZone: "UTC", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23"});
const UTC_DAY = new Intl.DateTimeFormat("en", {timeZone: "UTC", weekday: "short", month: "short", day: "numeric"});
const UTC_TIME = new Intl.DateTimeFormat("en", {timeZone: "UTC", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23"});

// ---- token ---------------------------------------------------------------------------------

function useToken(token) {
  state.token = token;
  sessionStorage.setItem(TOKEN_KEY, token);
  $("token").value = "";
  $("token").placeholder = "token set for this tab";
  $("forget-token").hidden = false;
  loadApps();
  if (state.app) showApp(state.app);
}

function forgetToken() {
  state.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  $("token").placeholder = "Bearer token";
  $("forget-token").hidden = true;
  $("token").focus();
}

$("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const token = $("token").value.trim();
  if (token) useToken(token);
});
$("forget-token").addEventListener("click", () => { forgetToken(); setStatus("Token forgotten."); });

// ---- app picker: GET /v1/apps, a page at a time -----------------------------------------------

async function loadApps() {
  if (!state.token) return;
  const picker = state.picker;
  const cursor = picker.cursors[picker.cursors.length - 1];
  const prefix = $("search").value.trim();
  try {
    const page = await api("/v1/apps?" + query({limit: 50, prefix, eligible: $("verdict-filter").value, cursor}));
    picker.nextCursor = page.nextCursor;
    $("apps").replaceChildren(...page.apps.map(appItem));
    $("apps-note").textContent = page.apps.length > 0 ? "" : prefix ? "No app starts with “" + prefix + "”." : "No apps yet.";
    $("prev").disabled = picker.cursors.length === 1;
    $("next").disabled = page.nextCursor === null;
    $("page").textContent = "page " + picker.cursors.length;
  } catch (error) {
    showError(error);
  }
}

function appItem(app) {
  const button = el("button", {type: "button", "data-app": app.appId, "data-eligible": String(app.eligible), "aria-current": app.appId === state.app ? "true" : null},
    el("span", {class: app.eligible ? "pass" : "fail", "aria-hidden": "true", text: app.eligible ? "✔" : "✘"}),
    el("span", {text: app.appId}),
    el("span", {class: "tag " + (app.eligible ? "pass" : "fail"), text: app.eligible ? "eligible" : "not yet"}));
  button.addEventListener("click", () => showApp(app.appId));
  return el("li", {}, button);
}

// The list shows each app's last emitted verdict; the one on screen is brought up to date at once.
function markInList(eligibility) {
  const current = $("apps").querySelector(`button[data-app="${CSS.escape(eligibility.appId)}"]`);
  if (current && current.dataset.eligible !== String(eligibility.eligible)) current.parentElement.replaceWith(appItem(eligibility));
}

function restartApps() {
  state.picker.cursors = [null];
  loadApps();
}

let searchTimer;
$("search").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(restartApps, 200); });
$("search").addEventListener("keydown", (event) => { if (event.key === "Enter") { clearTimeout(searchTimer); restartApps(); } });
$("verdict-filter").addEventListener("change", restartApps);
$("next").addEventListener("click", () => { state.picker.cursors.push(state.picker.nextCursor); loadApps(); });
$("prev").addEventListener("click", () => { state.picker.cursors.pop(); loadApps(); });
// Arrow keys move between apps; Tab leaves the list.
$("apps").addEventListener("keydown", (event) => {
  const buttons = [...$("apps").querySelectorAll("button")];
  const at = buttons.indexOf(document.activeElement);
  const to = {ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1}[event.key];
  if (at >= 0 && to !== undefined && buttons[to]) { event.preventDefault(); buttons[to].focus(); }
});

// ---- one app: checklist, charts, tables ---------------------------------------------------------

function showApp(app) {
  state.app = app;
  state.shown = null;
  history.replaceState(null, "", "?" + query({app}));
  document.querySelectorAll("#apps button").forEach((b) => b.setAttribute("aria-current", String(b.dataset.app === app)));
  refreshApp();
}

let refreshing = null;
function refreshApp() {
  // One refresh at a time: a slow answer is not overtaken by the next poll's.
  refreshing = refreshing || loadApp().finally(() => { refreshing = null; });
  return refreshing;
}

async function loadApp() {
  const app = state.app;
  if (!state.token || !app) return;
  try {
    const eligibility = await api(appPath(app) + "/eligibility");
    const fingerprint = JSON.stringify([eligibility.totals, eligibility.rules, eligibility.endpoints, eligibility.permissions]);
    const shown = state.shown;
    const stale = !shown || shown.app !== app || shown.fingerprint !== fingerprint || shown.range !== state.range
      || Date.now() - shown.at > SERIES_MAX_AGE_MS;
    if (stale) {
      const [calls, latency, endpointLatency] = await Promise.all([
        api(seriesPath(app, "calls")), api(seriesPath(app, "latency")),
        api(appPath(app) + "/endpoints/latency?" + query({from: eligibility.window.from, to: eligibility.window.to}))]);
      if (app !== state.app) return; // another app was picked meanwhile
      renderChecklist(eligibility);
      markInList(eligibility);
      renderCharts(calls, latency);
      renderEndpoints(eligibility.endpoints, endpointLatency.endpoints);
      renderPermissions(eligibility.permissions);
      state.shown = {app, fingerprint, range: state.range, at: Date.now()};
      $("intro").hidden = true;
      $("app-view").hidden = false;
    }
    setStatus("Live · updated " + UTC_TIME.format(new Date()) + " UTC" + (eligibility.servedBy ? " · served by " + eligibility.servedBy : ""));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      $("app-view").hidden = true;
      $("intro").hidden = false;
      $("intro").textContent = "No app " + app + ": it has neither events nor a registration.";
      state.shown = null;
    }
    showError(error);
  }
}

function seriesPath(app, series) {
  const now = Date.now();
  const range = {
    "48h": {granularity: "hour", from: Math.floor(now / HOUR_MS) * HOUR_MS - 47 * HOUR_MS},
    "7d": {granularity: "day", from: Math.floor(now / DAY_MS) * DAY_MS - 6 * DAY_MS},
    "30d": {granularity: "day", from: Math.floor(now / DAY_MS) * DAY_MS - 29 * DAY_MS},
  }[state.range];
  return appPath(app) + "/" + series + "?" + query({granularity: range.granularity, from: new Date(range.from).toISOString()});
}

document.querySelectorAll("#range input").forEach((radio) => radio.addEventListener("change", () => {
  state.range = radio.value;
  refreshApp();
}));

// The checklist: raw actual/required in data- attributes, formatted for people in the text.
function renderChecklist(e) {
  const failed = e.rules.filter((r) => !r.passed).length;
  $("verdict").className = e.eligible ? "pass" : "fail";
  $("verdict").textContent = e.appId + (e.eligible ? ": may graduate" : `: not yet (${failed} of ${e.rules.length} rules fail)`);
  $("window").textContent = `Evaluation window ${e.window.from} – ${e.window.to} (UTC). `
    + `${number(e.totals.calls)} API calls: ${number(e.totals.successful)} successful, ${number(e.totals.clientErrors)} 4xx `
    + `(${number(e.totals.throttled)} throttled), ${number(e.totals.serverErrors)} 5xx; `
    + `${number(e.totals.oauthCalls)} OAuth calls, ${number(e.totals.tokenRequests)} token requests.`;
  const format = (rule, value) => (rule.id === "client-error-rate" ? percent(value) : number(value));
  $("rules").tBodies[0].replaceChildren(...e.rules.map((rule) => el("tr", {"data-rule": rule.id, class: rule.passed ? "" : "failed"},
    el("td", {}, el("code", {text: rule.id}), el("div", {class: "muted", text: rule.message})),
    el("td", {class: rule.passed ? "pass" : "fail", "data-passed": String(rule.passed), text: rule.passed ? "✔ pass" : "✘ fail"}),
    el("td", {"data-value": JSON.stringify(rule.actual), text: format(rule, rule.actual)}),
    el("td", {"data-value": JSON.stringify(rule.required), text: format(rule, rule.required)}),
    el("td", {text: rule.remedy || (rule.passed ? "Nothing: this rule holds." : "")}))));
}

// ---- charts (Chart.js from the jar) ------------------------------------------------------------

const OUTCOMES = [
  {label: "Successful (2xx)", color: "#2e7d32", value: (b) => b.successful},
  {label: "Client errors (4xx, not 429)", color: "#ef6c00", value: (b) => b.clientErrors - b.throttled},
  {label: "Throttled (429)", color: "#6a1b9a", value: (b) => b.throttled},
  {label: "Server errors (5xx)", color: "#c62828", value: (b) => b.serverErrors},
  {label: "Other (1xx, 3xx)", color: "#78909c", value: (b) => b.calls - b.successful - b.clientErrors - b.serverErrors},
];
// Dash patterns and point shapes tell the percentiles apart without their colours.
const PERCENTILES = [
  {label: "p50", key: "p50", color: "#1565c0", dash: [], point: "circle"},
  {label: "p90", key: "p90", color: "#ef6c00", dash: [6, 4], point: "triangle"},
  {label: "p99", key: "p99", color: "#c62828", dash: [2, 3], point: "rectRot"},
];
const charts = {};

function bucketLabel(start, granularity) {
  return (granularity === "hour" ? UTC_HOUR : UTC_DAY).format(new Date(start));
}

function bucketTitle(start, granularity) {
  const from = new Date(start);
  const to = new Date(from.getTime() + (granularity === "hour" ? HOUR_MS : DAY_MS));
  return granularity === "hour"
    ? `${UTC_HOUR.format(from)}–${UTC_TIME.format(to).slice(0, 5)} UTC`
    : `${UTC_DAY.format(from)} (UTC day)`;
}

function chartOptions(granularity, yTitle, stacked) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: {mode: "index", intersect: false},
    plugins: {
      // Point styles in the legend: the percentiles' shapes, not only their colours.
      legend: {position: "bottom", labels: {usePointStyle: !stacked}},
      tooltip: {callbacks: {title: (items) => items.length ? bucketTitle(items[0].chart.data.starts[items[0].dataIndex], granularity) : ""}},
    },
    scales: {
      x: {stacked, ticks: {maxRotation: 0, autoSkipPadding: 16}, title: {display: true, text: granularity === "hour" ? "UTC hour" : "UTC day"}},
      y: {stacked, beginAtZero: true, title: {display: true, text: yTitle}, ticks: {precision: 0}},
    },
  };
}

function drawChart(id, type, granularity, yTitle, starts, datasets, source) {
  const stacked = type === "bar"; // outcomes add up to the calls; percentiles do not
  const canvas = $(id);
  // What the chart was drawn from, for anyone checking it against the API.
  canvas.dataset.source = source;
  const data = {labels: starts.map((s) => bucketLabel(s, granularity)), starts, datasets};
  const options = chartOptions(granularity, yTitle, stacked);
  if (charts[id]) {
    // Updated in place: a redraw every second must not flicker or lose a tooltip.
    charts[id].options = options;
    charts[id].data = data;
    charts[id].update("none");
  } else {
    charts[id] = new Chart(canvas, {type, data, options});
  }
}

function renderCharts(calls, latency) {
  const starts = calls.buckets.map((b) => b.start);
  drawChart("calls-chart", "bar", calls.granularity, "API calls", starts,
    OUTCOMES.map((o) => ({label: o.label, backgroundColor: o.color, data: calls.buckets.map(o.value)})),
    seriesSource(calls, "calls"));
  drawChart("latency-chart", "line", latency.granularity, "milliseconds", latency.buckets.map((b) => b.start),
    PERCENTILES.map((p) => ({label: p.label, borderColor: p.color, backgroundColor: p.color, borderDash: p.dash,
      pointStyle: p.point, pointRadius: 3, spanGaps: false, data: latency.buckets.map((b) => b[p.key])})),
    seriesSource(latency, "latency"));
  const latencyAt = new Map(latency.buckets.map((b) => [b.start, b]));
  $("series-table").tBodies[0].replaceChildren(...calls.buckets.map((b) => {
    const l = latencyAt.get(b.start) || {};
    return el("tr", {},
      el("td", {text: bucketTitle(b.start, calls.granularity)}),
      ...OUTCOMES.slice(0, 4).map((o) => el("td", {class: "num", text: number(o.value(b))})),
      ...PERCENTILES.map((p) => el("td", {class: "num", text: number(l[p.key])})));
  }));
}

function seriesSource(answer, series) {
  return appPath(answer.appId) + "/" + series + "?" + query({granularity: answer.granularity, from: answer.from, to: answer.to});
}

// ---- endpoints: sortable ---------------------------------------------------------------------

function renderEndpoints(endpoints, latencies) {
  const p90 = new Map(latencies.map((l) => [l.method + " " + l.endpoint, l.p90]));
  state.endpointRows = endpoints.flatMap((e) => e.methods.map((m) => ({
    endpoint: e.endpoint, method: m.method, calls: m.calls, successful: m.successful,
    errorRate: m.calls === 0 ? 0 : (m.calls - m.successful) / m.calls,
    p90: p90.has(m.method + " " + e.endpoint) ? p90.get(m.method + " " + e.endpoint) : null,
  })));
  drawEndpoints();
}

function drawEndpoints() {
  const {key, descending} = state.sort;
  const order = (a, b) => {
    const x = a[key], y = b[key];
    if (x === y) return 0;
    if (x === null) return 1; // no latency reported: last either way
    if (y === null) return -1;
    return (x < y ? -1 : 1) * (descending ? -1 : 1);
  };
  const rows = [...state.endpointRows].sort(order);
  $("endpoints").tBodies[0].replaceChildren(...(rows.length ? rows.map((r) => el("tr", {"data-endpoint": r.endpoint, "data-method": r.method},
    el("td", {}, el("code", {text: r.endpoint})),
    el("td", {text: r.method}),
    el("td", {class: "num", text: number(r.calls)}),
    el("td", {class: "num", text: number(r.successful)}),
    el("td", {class: "num", text: percent(r.errorRate)}),
    el("td", {class: "num", text: ms(r.p90)}))) : [el("tr", {}, el("td", {colspan: 6, class: "muted", text: "No API calls in the window."}))]));
  document.querySelectorAll("#endpoints th").forEach((th) =>
    th.setAttribute("aria-sort", th.dataset.key === key ? (descending ? "descending" : "ascending") : "none"));
}

document.querySelectorAll("#endpoints th button").forEach((button) => button.addEventListener("click", () => {
  const key = button.parentElement.dataset.key;
  state.sort = {key, descending: state.sort.key === key ? !state.sort.descending : key !== "endpoint" && key !== "method"};
  drawEndpoints();
}));

// ---- permissions: declared versus used -----------------------------------------------------------

function renderPermissions(permissions) {
  $("permissions").tBodies[0].replaceChildren(...(permissions.length ? permissions.map((p) => {
    const unused = p.declared && p.successful === 0;
    return el("tr", {"data-permission": p.permission, class: unused ? "unused" : null},
      el("td", {}, el("span", {text: p.permission}),
        unused ? el("span", {class: "flag", text: "⚠ declared but never used: make one successful call that needs it, or remove it from the registration"}) : null),
      el("td", {text: p.declared ? "yes" : "no (used without declaring)"}),
      el("td", {text: p.successful > 0 ? "✔ yes" : "✘ no"}),
      el("td", {class: "num", text: number(p.calls)}),
      el("td", {class: "num", text: number(p.successful)}));
  }) : [el("tr", {}, el("td", {colspan: 5, class: "muted", text: "No permission declared or used."}))]));
}

// ---- start -------------------------------------------------------------------------------

function poll() {
  const next = () => setTimeout(poll, POLL_MS);
  if (state.token && state.app) refreshApp().finally(next);
  else next();
}

// The list's verdicts change too: refreshed every few seconds, keeping the page it is on.
setInterval(() => { if (state.token && !document.activeElement.closest("#picker")) loadApps(); }, 10000);

if (state.token) {
  useToken(state.token);
} else {
  setStatus("Enter the query token to begin.");
  $("token").focus();
}
poll();
