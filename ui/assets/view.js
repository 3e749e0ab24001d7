// The live web view of a meshlua network: it follows the server's events
// (/events), lays the network out with a force layout that keeps the
// places of the nodes it already has, and draws it on a canvas.
"use strict";

const canvas = document.getElementById("net");
const ctx = canvas.getContext("2d");
const $ = (id) => document.getElementById(id);
const fmt = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const fmt1 = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });

// The state of the view.
const view = {
  shape: null,     // {nodes: [{name, program, at}], links: [{name, kind, hub, ends}]}
  shapeID: 0,
  snap: null,      // the latest update: time, totals, counters
  prev: null,      // the update before it, for rates
  linkRate: [],    // frames offered per second of network time, per link
  linkDropRate: [],
  verts: [],       // layout vertices: the nodes, then a hub per shared link: {key, x, y, vx, vy, fixed}
  edges: [],       // [vertex, vertex, link index]
  places: new Map(), // key -> {x, y}: where each vertex was, kept across shapes
  alpha: 0,        // the layout's temperature; it stops below minAlpha
  selected: null,  // {node: name} or {link: name}
  user: null,      // the user's pan and zoom {k, x, y}, or null: fit the picture
  dirty: true,
  firstDraw: 0,    // ms since the page loaded when every node was first drawn
};
window.meshluaView = view; // for tests and the curious

const minAlpha = 0.02;
const edgeLength = 40;

// A small seeded generator, so a page lays the same network out the same way.
let seed = 1;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

// setShape takes a new shape: vertices keep their places; new ones start
// beside a neighbour that has one, or on a spiral.
function setShape(shape) {
  for (const v of view.verts) view.places.set(v.key, { x: v.x, y: v.y });
  const verts = [];
  const index = new Map();
  const add = (key, at) => {
    const old = view.places.get(key);
    const v = { key, x: 0, y: 0, vx: 0, vy: 0, fixed: false, placed: !!old };
    if (at) {
      v.x = at[0]; v.y = at[1]; v.fixed = true; v.placed = true;
    } else if (old) {
      v.x = old.x; v.y = old.y;
    }
    index.set(key, verts.length);
    verts.push(v);
  };
  const placed = shape.nodes.some((n) => n.at);
  let scale = 1;
  if (placed) { // nodes with places keep their arrangement, scaled to the layout's size
    const xs = shape.nodes.filter((n) => n.at).map((n) => n.at);
    const span = Math.max(1e-9, ...xs.map((a) => Math.abs(a[0])), ...xs.map((a) => Math.abs(a[1])));
    scale = (edgeLength * Math.sqrt(shape.nodes.length) * 1.5) / span;
  }
  shape.nodes.forEach((n) => add("n:" + n.name, n.at ? [n.at[0] * scale, n.at[1] * scale] : null));
  const edges = [];
  shape.links.forEach((l, li) => {
    if (l.hub) {
      add("l:" + l.name, null);
      const h = verts.length - 1;
      l.ends.forEach((e) => edges.push([h, e, li]));
    } else if (l.ends.length === 2) {
      edges.push([l.ends[0], l.ends[1], li]);
    }
  });
  const fresh = verts.filter((v) => !v.placed);
  const nbrs = verts.map(() => []);
  for (const [a, b] of edges) { nbrs[a].push(b); nbrs[b].push(a); }
  // Place new vertices next to placed neighbours, in passes, so a chain
  // grows outward from what is already there.
  for (let pass = 0; pass < 4 && fresh.some((v) => !v.placed); pass++) {
    verts.forEach((v, i) => {
      if (v.placed) return;
      const p = nbrs[i].map((j) => verts[j]).find((w) => w.placed);
      if (p) {
        const a = random() * 2 * Math.PI;
        v.x = p.x + Math.cos(a) * edgeLength; v.y = p.y + Math.sin(a) * edgeLength; v.placed = true;
      }
    });
  }
  let k = view.verts.length;
  for (const v of verts) {
    if (v.placed) continue;
    const r = edgeLength * Math.sqrt(k + 1) * 0.8, a = k * 2.39996; // a sunflower spiral
    v.x = r * Math.cos(a); v.y = r * Math.sin(a); v.placed = true; k++;
  }
  view.verts = verts; view.edges = edges; view.shape = shape;
  view.linkRate = shape.links.map(() => 0);
  view.linkDropRate = shape.links.map(() => 0);
  view.prev = null; view.snap = null;
  view.alpha = fresh.length === 0 ? view.alpha : Math.max(view.alpha, fresh.length === verts.length ? 1 : 0.5);
  view.dirty = true;
}

// step moves the layout one step: vertices repel those nearby (found in a
// grid, so a step costs about the number of vertices), links pull their
// ends to edgeLength, and a weak pull keeps the picture centred.
function step() {
  const vs = view.verts, n = vs.length, a = view.alpha;
  const cell = edgeLength * 3, grid = new Map();
  vs.forEach((v, i) => {
    const key = Math.floor(v.x / cell) + "," + Math.floor(v.y / cell);
    let c = grid.get(key);
    if (!c) grid.set(key, (c = []));
    c.push(i);
  });
  const rep = edgeLength * edgeLength;
  for (let i = 0; i < n; i++) {
    const v = vs[i], cx = Math.floor(v.x / cell), cy = Math.floor(v.y / cell);
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
      const c = grid.get(cx + dx + "," + (cy + dy));
      if (!c) continue;
      for (const j of c) {
        if (j <= i) continue;
        const w = vs[j];
        let x = v.x - w.x, y = v.y - w.y, d2 = x * x + y * y;
        if (d2 > cell * cell) continue;
        if (d2 < 0.01) { x = random() - 0.5; y = random() - 0.5; d2 = x * x + y * y; }
        const f = (rep / d2) * a;
        v.vx += x * f; v.vy += y * f; w.vx -= x * f; w.vy -= y * f;
      }
    }
  }
  for (const [i, j] of view.edges) {
    const v = vs[i], w = vs[j];
    const x = w.x - v.x, y = w.y - v.y, d = Math.sqrt(x * x + y * y) || 1;
    const f = ((d - edgeLength) / d) * 0.1 * a;
    v.vx += x * f; v.vy += y * f; w.vx -= x * f; w.vy -= y * f;
  }
  for (const v of vs) {
    if (v.fixed) { v.vx = v.vy = 0; continue; }
    v.vx -= v.x * 0.002 * a; v.vy -= v.y * 0.002 * a;
    const s = Math.hypot(v.vx, v.vy), max = edgeLength;
    if (s > max) { v.vx *= max / s; v.vy *= max / s; }
    v.x += v.vx; v.y += v.vy;
    v.vx *= 0.5; v.vy *= 0.5;
  }
  view.alpha *= 0.98;
}

// transform is how layout coordinates map to the canvas: {k, x, y}.
function transform() {
  if (view.user) return view.user;
  const w = canvas.width, h = canvas.height;
  if (view.verts.length === 0) return { k: 1, x: w / 2, y: h / 2 };
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const v of view.verts) { x0 = Math.min(x0, v.x); x1 = Math.max(x1, v.x); y0 = Math.min(y0, v.y); y1 = Math.max(y1, v.y); }
  const pad = 40 * devicePixelRatio;
  const k = Math.min(2.5 * devicePixelRatio, (w - 2 * pad) / Math.max(x1 - x0, 1), (h - 2 * pad) / Math.max(y1 - y0, 1));
  return { k, x: w / 2 - ((x0 + x1) / 2) * k, y: h / 2 - ((y0 + y1) / 2) * k };
}

// linkStyle is how link li is drawn: down, dropping, busy or idle.
function linkStyle(li) {
  const c = view.snap && view.snap.links[li];
  if (c && c[3] === 0) return "down";
  if (view.linkDropRate[li] > 0) return "dropping";
  if (view.linkRate[li] > 0) return "busy";
  return "idle";
}
const styles = {
  idle: { color: "#9aa3ad", width: 1, dash: [] },
  busy: { color: "#2a7de1", width: 2, dash: [] },
  dropping: { color: "#e0781f", width: 2, dash: [] },
  down: { color: "#d22", width: 2, dash: [6, 4] },
};

// draw draws the network: links batched by style, then nodes, then labels.
function draw() {
  const t0 = performance.now();
  const dpr = devicePixelRatio;
  const w = Math.floor(canvas.clientWidth * dpr), h = Math.floor(canvas.clientHeight * dpr);
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const tr = transform();
  ctx.setTransform(tr.k, 0, 0, tr.k, tr.x, tr.y);
  const vs = view.verts, shape = view.shape;
  if (!shape) return;
  const paths = { idle: new Path2D(), busy: new Path2D(), dropping: new Path2D(), down: new Path2D() };
  const downs = [];
  shape.links.forEach((l, li) => { if (linkStyle(li) === "down") downs.push(l.name); });
  for (const [i, j, li] of view.edges) {
    const p = paths[linkStyle(li)];
    p.moveTo(vs[i].x, vs[i].y); p.lineTo(vs[j].x, vs[j].y);
  }
  for (const [name, p] of Object.entries(paths)) {
    const s = styles[name];
    ctx.strokeStyle = s.color; ctx.lineWidth = (s.width * dpr) / tr.k; ctx.setLineDash(s.dash.map((d) => (d * dpr) / tr.k));
    ctx.stroke(p);
  }
  ctx.setLineDash([]);
  const n = shape.nodes.length;
  const r = ((n > 300 ? 3 : 6) * dpr) / tr.k;
  const live = new Path2D(), stopped = new Path2D(), hubs = new Path2D();
  for (let i = 0; i < n; i++) {
    const c = view.snap && view.snap.nodes[i];
    const p = c && c[3] ? stopped : live;
    p.moveTo(vs[i].x + r, vs[i].y); p.arc(vs[i].x, vs[i].y, r, 0, 2 * Math.PI);
  }
  for (let i = n; i < vs.length; i++) hubs.rect(vs[i].x - r * 0.8, vs[i].y - r * 0.8, r * 1.6, r * 1.6);
  ctx.fillStyle = "#2b6cb0"; ctx.fill(live);
  ctx.fillStyle = "#999"; ctx.fill(stopped);
  ctx.fillStyle = "#556"; ctx.fill(hubs);
  const sel = view.selected;
  if (sel && sel.node) {
    const i = shape.nodes.findIndex((x) => x.name === sel.node);
    if (i >= 0) {
      ctx.strokeStyle = "#f0a020"; ctx.lineWidth = (3 * dpr) / tr.k;
      ctx.beginPath(); ctx.arc(vs[i].x, vs[i].y, r * 1.8, 0, 2 * Math.PI); ctx.stroke();
    }
  }
  // Labels, in screen pixels: every node's name when there are few.
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.font = `${11 * dpr}px system-ui, sans-serif`;
  ctx.fillStyle = "#222";
  const labelNodes = n <= 150 || tr.k > 2 * dpr;
  if (labelNodes) {
    for (let i = 0; i < n; i++) {
      const x = vs[i].x * tr.k + tr.x, y = vs[i].y * tr.k + tr.y;
      if (x > -50 && x < w + 50 && y > -20 && y < h + 20) ctx.fillText(shape.nodes[i].name, x + r * tr.k + 3 * dpr, y - 3 * dpr);
    }
  }
  if (shape.links.length <= 40) {
    ctx.fillStyle = "#556";
    shape.links.forEach((l, li) => {
      const es = view.edges.filter((e) => e[2] === li);
      if (es.length === 0) return;
      const [i, j] = es[0];
      const x = ((vs[i].x + vs[j].x) / 2) * tr.k + tr.x, y = ((vs[i].y + vs[j].y) / 2) * tr.k + tr.y;
      const rate = view.linkRate[li];
      ctx.fillText(l.name + (rate > 0 ? ` ${fmt1.format(rate)}/s` : "") + (linkStyle(li) === "down" ? " down" : ""), x + 4 * dpr, y + 12 * dpr);
    });
  }
  const ms = performance.now() - t0;
  canvas.dataset.nodes = String(n);
  canvas.dataset.links = String(shape.links.length);
  canvas.dataset.down = downs.join(",");
  canvas.dataset.drawMs = ms.toFixed(2);
  if (!view.firstDraw && view.snap && n === view.snap.nodes.length && n > 0) view.firstDraw = performance.now();
}

// frame runs the layout while it moves and draws when something changed.
function frame() {
  if (view.alpha > minAlpha) {
    const until = performance.now() + 10; // as many steps as fit in a frame beside the draw
    do step(); while (view.alpha > minAlpha && performance.now() < until);
    view.dirty = true;
  }
  if (view.dirty) { view.dirty = false; draw(); }
  requestAnimationFrame(frame);
}

// setSnap takes an update: counters, and rates against the last update.
function setSnap(s) {
  if (!view.shape || s.shape_id !== view.shapeID) return; // its shape comes first
  const prev = view.snap;
  if (prev && prev.links.length === s.links.length) {
    const dt = s.time - prev.time;
    s.links.forEach((c, i) => {
      view.linkRate[i] = dt > 0 ? (c[0] - prev.links[i][0]) / dt : 0;
      view.linkDropRate[i] = dt > 0 ? (c[2] - prev.links[i][2]) / dt : 0;
    });
  }
  view.prev = prev; view.snap = s; view.dirty = true;
  showStatus(s);
  showLinks();
  showDetails();
}

function showStatus(s) {
  const state = s.paused ? "paused" : s.running ? "running" : "idle";
  $("status").textContent = `t = ${s.time.toFixed(3)} s · ${fmt.format(s.fps)} frames/s · ${fmt.format(view.shape.nodes.length)} nodes · ${fmt.format(view.shape.links.length)} links · ${fmt.format(s.sent)} sent · ${fmt.format(s.dropped)} dropped · ${state} · ${s.realtime ? "real time" : "virtual time"}`;
  const mode = $("mode");
  mode.textContent = s.paused ? "paused" : s.control ? "control" : "read-only";
  mode.className = "badge" + (s.paused ? " paused" : s.control ? " control" : "");
  mode.title = s.control ? "this page may take links down and up, and pause the network" : "start meshlua with --ui-control to change the network from this page";
  const b = $("pause");
  b.hidden = !s.control;
  b.textContent = s.paused ? "resume" : "pause";
  if (s.notice) $("details").insertAdjacentHTML("afterbegin", `<p class="error">${esc(s.notice)}</p>`);
}

const shownLinks = 15;
const rows = new Map(); // link name -> its row in the table, kept so a click on its button is not lost

// showLinks lists the links that matter most: those down, then the busiest.
function showLinks() {
  const s = view.snap, links = view.shape.links, body = document.querySelector("#links tbody");
  const order = links.map((_, i) => i).sort((a, b) =>
    (s.links[a][3] - s.links[b][3]) || (view.linkRate[b] - view.linkRate[a]) || (s.links[b][0] - s.links[a][0]) || (a - b));
  const shown = new Set();
  for (const i of order.slice(0, shownLinks)) {
    const c = s.links[i], l = links[i];
    let tr = rows.get(l.name);
    if (!tr) {
      tr = document.createElement("tr");
      tr.dataset.link = l.name;
      tr.innerHTML = `<td class="name"></td><td class="rate"></td><td class="offered"></td><td class="dropped"></td><td class="act"></td>`;
      tr.cells[0].textContent = l.name;
      rows.set(l.name, tr);
    }
    tr.classList.toggle("down", !c[3]);
    tr.classList.toggle("dropping", view.linkDropRate[i] > 0);
    tr.cells[1].textContent = fmt1.format(view.linkRate[i]);
    tr.cells[2].textContent = String(c[0]);
    tr.cells[3].textContent = String(c[2]);
    setButton(tr.cells[4], s.control, l.name, c[3], c[3] ? "down" : "up");
    body.appendChild(tr); // in order: an existing row moves, it is not made again
    shown.add(l.name);
  }
  for (const [name, tr] of rows) if (!shown.has(name)) { tr.remove(); rows.delete(name); }
  $("more").textContent = links.length > shownLinks ? `and ${fmt.format(links.length - shownLinks)} more links (click one in the picture)` : "";
}

// setButton keeps in box the button that takes link down (or up), with
// label, when the page has control; it changes the button in place.
function setButton(box, control, link, up, label) {
  let b = box.querySelector("button");
  if (!control) { if (b) b.remove(); return; }
  if (!b) { b = document.createElement("button"); box.appendChild(b); }
  b.dataset.act = up ? "down" : "up";
  b.dataset.link = link;
  b.textContent = label;
}

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// showDetails shows the selected node (its counters and latest log lines,
// asked of the server) or link (from the update).
let asking = false;
function showDetails() {
  const sel = view.selected, box = $("details");
  if (!sel) return;
  if (sel.link) {
    const i = view.shape.links.findIndex((l) => l.name === sel.link);
    if (i < 0) { box.innerHTML = `<p class="hint">link ${esc(sel.link)} is gone</p>`; box.dataset.link = ""; return; }
    const l = view.shape.links[i], c = view.snap.links[i];
    if (box.dataset.link !== l.name) {
      box.innerHTML = `<h2>link ${esc(l.name)}</h2><dl></dl><p class="act"></p>`;
      box.dataset.link = l.name;
    }
    const ends = l.ends.map((e) => esc(view.shape.nodes[e].name)).join(", ");
    box.querySelector("dl").innerHTML = `<dt>kind</dt><dd>${esc(l.kind)}</dd><dt>state</dt><dd>${c[3] ? "up" : "down"}</dd>
      <dt>nodes</dt><dd>${ends}</dd><dt>frames/s</dt><dd>${fmt1.format(view.linkRate[i])}</dd><dt>offered</dt><dd>${c[0]}</dd>
      <dt>delivered</dt><dd>${c[1]}</dd><dt>dropped</dt><dd>${c[2]}</dd>`;
    setButton(box.querySelector(".act"), view.snap.control, l.name, c[3], c[3] ? "take it down" : "bring it up");
    return;
  }
  box.dataset.link = "";
  if (asking) return;
  asking = true;
  fetch("node?name=" + encodeURIComponent(sel.node)).then(async (r) => {
    if (!r.ok) { box.innerHTML = `<p class="error">${esc(await r.text())}</p>`; return; }
    const d = await r.json();
    if (!view.selected || view.selected.node !== d.name) return;
    const drops = Object.entries(d.drops).map(([k, v]) => `${esc(k)} ${v}`).join(", ") || "none";
    const log = d.log.map((l) => `[${l.at.toFixed(6)}] ${esc(l.text)}`).join("\n") || "(nothing logged yet)";
    box.innerHTML = `<h2>node ${esc(d.name)}</h2><dl><dt>program</dt><dd>${esc(d.program)}</dd><dt>state</dt><dd>${d.stopped ? "stopped" : "running"}</dd>
      <dt>sent</dt><dd class="sent">${d.sent}</dd><dt>received</dt><dd class="received">${d.received}</dd><dt>dropped</dt><dd>${d.dropped}</dd>
      <dt>drops</dt><dd>${drops}</dd><dt>ports</dt><dd>${d.macs.map(esc).join("<br>") || "none"}</dd></dl>
      <h2>latest log lines</h2><div class="log">${log}</div>`;
  }).finally(() => { asking = false; });
}

// pick finds what is under the canvas point (x, y): a node, else a link.
function pick(x, y) {
  const tr = transform(), vs = view.verts, shape = view.shape;
  if (!shape) return null;
  const lx = (x - tr.x) / tr.k, ly = (y - tr.y) / tr.k, near = (8 * devicePixelRatio) / tr.k;
  let best = -1, bd = near * near;
  for (let i = 0; i < shape.nodes.length; i++) {
    const d = (vs[i].x - lx) ** 2 + (vs[i].y - ly) ** 2;
    if (d < bd) { bd = d; best = i; }
  }
  if (best >= 0) return { node: shape.nodes[best].name };
  let bl = -1; bd = near;
  for (const [i, j, li] of view.edges) {
    const ax = vs[i].x, ay = vs[i].y, bx = vs[j].x - ax, by = vs[j].y - ay;
    const t = Math.max(0, Math.min(1, ((lx - ax) * bx + (ly - ay) * by) / (bx * bx + by * by || 1)));
    const d = Math.hypot(ax + t * bx - lx, ay + t * by - ly);
    if (d < bd) { bd = d; bl = li; }
  }
  return bl >= 0 ? { link: shape.links[bl].name } : null;
}

// control asks the server for a change (with --ui-control).
function control(body) {
  fetch("control", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
    .then(async (r) => { if (!r.ok) $("details").insertAdjacentHTML("afterbegin", `<p class="error">${esc(await r.text())}</p>`); });
}

document.addEventListener("click", (e) => {
  const b = e.target.closest("button[data-act]");
  if (b) control({ action: b.dataset.act, link: b.dataset.link });
  const row = e.target.closest("#links tbody tr");
  if (row && !b) { view.selected = { link: row.dataset.link }; showDetails(); view.dirty = true; }
});
$("pause").addEventListener("click", () => control({ action: view.snap && view.snap.paused ? "resume" : "pause" }));

let drag = null;
canvas.addEventListener("mousedown", (e) => { drag = { x: e.clientX, y: e.clientY, moved: false }; });
window.addEventListener("mousemove", (e) => {
  if (!drag) return;
  const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
  if (!drag.moved && Math.hypot(dx, dy) < 4) return;
  drag.moved = true;
  const tr = transform();
  view.user = { k: tr.k, x: tr.x + dx * devicePixelRatio, y: tr.y + dy * devicePixelRatio };
  drag.x = e.clientX; drag.y = e.clientY; view.dirty = true;
});
window.addEventListener("mouseup", (e) => {
  if (drag && !drag.moved) {
    const r = canvas.getBoundingClientRect();
    view.selected = pick((e.clientX - r.left) * devicePixelRatio, (e.clientY - r.top) * devicePixelRatio);
    if (!view.selected) { $("details").innerHTML = ""; $("details").dataset.link = ""; }
    showDetails(); view.dirty = true;
  }
  drag = null;
});
canvas.addEventListener("wheel", (e) => {
  e.preventDefault();
  const tr = transform(), r = canvas.getBoundingClientRect();
  const px = (e.clientX - r.left) * devicePixelRatio, py = (e.clientY - r.top) * devicePixelRatio;
  const f = Math.exp(-e.deltaY * 0.001);
  view.user = { k: tr.k * f, x: px - (px - tr.x) * f, y: py - (py - tr.y) * f };
  view.dirty = true;
}, { passive: false });
canvas.addEventListener("dblclick", () => { view.user = null; view.dirty = true; });
window.addEventListener("resize", () => { view.dirty = true; });

const events = new EventSource("events");
events.addEventListener("shape", (e) => { setShape(JSON.parse(e.data)); view.shapeID = Number(e.lastEventId); });
events.onmessage = (e) => setSnap(JSON.parse(e.data));
events.onerror = () => { $("status").textContent = "disconnected: meshlua has ended (or the connection broke); reload to try again"; };
requestAnimationFrame(frame);
