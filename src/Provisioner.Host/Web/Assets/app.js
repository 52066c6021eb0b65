// The fleet page: renders each snapshot the member streams (server-sent events), and one node's history on
// request. Every value goes in through textContent, never as markup.
"use strict";

const $ = (id) => document.getElementById(id);

function element(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (className) e.className = className;
  return e;
}

function time(at) {
  return at ? new Date(at).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z") : "-";
}

function renderFunnel(snapshot) {
  const top = Math.max(1, ...snapshot.funnel.map((s) => s.reached));
  const rows = snapshot.funnel.map((s) => {
    const li = element("li");
    li.dataset.stage = s.stage;
    li.dataset.now = s.now;
    li.dataset.reached = s.reached;
    const track = element("span", null, "track");
    const fill = element("span", null, "fill");
    fill.style.display = "block";
    fill.style.width = `${(100 * s.reached) / top}%`;
    track.append(fill);
    li.append(element("span", s.stage, "name"), track, element("span", `${s.reached} (${s.now} now)`, "count"));
    return li;
  });
  $("funnel").replaceChildren(...rows);
  $("outcomes").replaceChildren(...snapshot.outcomes.map((s) => {
    const li = element("li");
    li.dataset.stage = s.stage;
    li.dataset.now = s.now;
    li.append(element("span", `${s.stage} `), element("strong", s.now, "value"));
    return li;
  }));
}

function renderRate(snapshot) {
  const points = snapshot.rate;
  const peak = Math.max(1, ...points.map((p) => Math.max(p.provisioned, p.failed)));
  const width = 600, height = 160, last = Math.max(1, points.length - 1);
  const line = (field) => points
    .map((p, i) => `${((i * width) / last).toFixed(1)},${(height - 4 - ((height - 8) * p[field]) / peak).toFixed(1)}`)
    .join(" ");
  $("rate-provisioned").setAttribute("points", line("provisioned"));
  $("rate-failed").setAttribute("points", line("failed"));
  const grid = [0.25, 0.5, 0.75].map((f) => {
    const l = document.createElementNS($("rate").namespaceURI, "line");
    l.setAttribute("x1", "0"); l.setAttribute("x2", String(width));
    l.setAttribute("y1", String(height * f)); l.setAttribute("y2", String(height * f));
    return l;
  });
  $("rate-grid").replaceChildren(...grid);
  const recent = points.slice(-10).reduce((sum, p) => sum + p.provisioned, 0) / 10;
  $("rate-peak").textContent = Math.max(...points.map((p) => p.provisioned), 0);
  $("rate-recent").textContent = recent.toFixed(1);
}

function renderMembers(snapshot) {
  const leader = snapshot.leader;
  $("cluster-leader").textContent = leader.clusterLeader ?? "none";
  $("provisioning-leader").textContent = leader.provisioningLeader ?? "did not answer";
  $("queue").textContent = leader.queued === null || leader.queued === undefined
    ? "-"
    : `${leader.queued} queued, ${leader.inFlight} of ${leader.maxInFlight} in flight${leader.paused ? ", paused" : ""}`;
  $("members").tBodies[0].replaceChildren(...snapshot.members.map((m) => {
    const tr = element("tr", null, m.self ? "self" : "");
    tr.dataset.address = m.address;
    tr.dataset.reachable = m.reachable;
    tr.dataset.shards = m.shards;
    tr.dataset.entities = m.entities;
    tr.dataset.provisioned = m.provisioned;
    tr.append(
      element("td", m.address),
      element("td", m.reachable ? m.status : `${m.status}, unreachable`),
      element("td", m.shards, "n"),
      element("td", m.entities, "n"),
      element("td", m.provisioned, "n"));
    return tr;
  }));
}

function renderFailures(snapshot) {
  $("failures").tBodies[0].replaceChildren(...snapshot.failures.map((f) => {
    const tr = element("tr");
    tr.dataset.identity = f.identity;
    tr.append(element("td", time(f.at)), element("td", f.identity), element("td", f.attempt, "n"), element("td", f.step), element("td", f.reason));
    return tr;
  }));
  $("no-failures").hidden = snapshot.failures.length > 0;
}

function render(snapshot) {
  $("served-by").textContent = snapshot.servedBy;
  $("nodes").textContent = snapshot.nodes;
  $("updated").textContent = time(snapshot.at);
  $("problem").hidden = !snapshot.problem;
  $("problem").textContent = snapshot.problem ?? "";
  renderFunnel(snapshot);
  renderRate(snapshot);
  renderMembers(snapshot);
  renderFailures(snapshot);
}

function connect() {
  const status = $("status");
  const events = new EventSource("/api/events");
  events.addEventListener("snapshot", (e) => {
    status.dataset.state = "live";
    status.textContent = "live";
    render(JSON.parse(e.data));
  });
  // EventSource reconnects by itself; the page says so meanwhile.
  events.onerror = () => {
    status.dataset.state = "lost";
    status.textContent = "connection lost, reconnecting…";
  };
}

async function showNode(identity) {
  const error = $("node-error");
  const node = $("node");
  let response, body;
  try {
    response = await fetch(`/api/node?identity=${encodeURIComponent(identity)}`);
    body = await response.json().catch(() => ({ error: `the member answered ${response.status}` }));
  } catch (e) {
    response = { ok: false, status: 0 };
    body = { error: "the member cannot be reached" };
  }
  if (!response.ok) {
    node.hidden = true;
    error.hidden = false;
    error.textContent = body.error ?? `the member answered ${response.status}`;
    return;
  }
  error.hidden = true;
  node.hidden = false;
  $("node-identity").textContent = body.identity;
  $("node-stage").textContent = body.stage + (body.lastError ? ` (${body.lastError})` : "");
  $("node-attempt").textContent = body.attempt;
  $("node-host").textContent = body.hostedBy;
  $("node-history").replaceChildren(...body.events.map((line) => element("li", line)));
}

document.addEventListener("DOMContentLoaded", () => {
  $("search").addEventListener("submit", (e) => {
    e.preventDefault();
    showNode($("identity").value.trim());
  });
  connect();
});
