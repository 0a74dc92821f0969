"use strict";
// kg serve's query page: named queries as examples, results as a table.  Everything
// that comes from the graph is shown with textContent, never as markup.
(function () {
  const examples = JSON.parse(document.getElementById("kg-examples-data").textContent);
  const select = document.getElementById("kg-named");
  const doc = document.getElementById("kg-named-doc");
  const paramsBox = document.getElementById("kg-params");
  const editor = document.getElementById("kg-query");
  const status = document.getElementById("kg-status");
  const table = document.getElementById("kg-results");
  const raw = document.getElementById("kg-raw");
  const state = { running: null, done: 0, rows: 0, error: null };
  window.kgQuery = state;

  for (const ex of examples) {
    const opt = document.createElement("option");
    opt.value = ex.name;
    opt.textContent = ex.name + " — " + ex.title;
    select.appendChild(opt);
  }

  function current() { return examples.find((e) => e.name === select.value); }

  async function bindText() {
    // The server binds the parameters (as kg query --name does) and returns the text.
    const ex = current();
    if (!ex) return;
    const qs = new URLSearchParams();
    for (const input of paramsBox.querySelectorAll("input")) {
      if (input.value.trim()) qs.set(input.name, input.value.trim());
    }
    const resp = await fetch("/queries/" + encodeURIComponent(ex.name) + ".rq?" + qs.toString());
    editor.value = await resp.text();
  }

  select.addEventListener("change", () => {
    paramsBox.textContent = "";
    const ex = current();
    doc.textContent = ex ? ex.description : "";
    if (!ex) return;
    for (const p of ex.params) {
      const label = document.createElement("label");
      label.textContent = p.name + " ";
      const input = document.createElement("input");
      input.name = p.name;
      input.placeholder = p.doc;
      input.addEventListener("change", bindText);
      label.appendChild(input);
      paramsBox.appendChild(label);
    }
    editor.value = ex.text;
  });

  function cell(term) {
    if (!term) return "";
    return term.value;
  }

  function show(data) {
    const thead = table.tHead, tbody = table.tBodies[0];
    thead.textContent = "";
    tbody.textContent = "";
    raw.hidden = true;
    if (typeof data.boolean === "boolean") {
      status.textContent = data.boolean ? "yes" : "no";
      state.rows = 0;
      return;
    }
    const vars = data.head.vars;
    const hr = thead.insertRow();
    for (const v of vars) { const th = document.createElement("th"); th.textContent = v; hr.appendChild(th); }
    for (const b of data.results.bindings) {
      const tr = tbody.insertRow();
      for (const v of vars) { tr.insertCell().textContent = cell(b[v]); }
    }
    state.rows = data.results.bindings.length;
    status.textContent = state.rows + (state.rows === 1 ? " row" : " rows");
  }

  async function run() {
    const started = performance.now();
    status.className = "muted";
    status.textContent = "running…";
    state.running = true;
    state.error = null;
    try {
      const body = new URLSearchParams({ query: editor.value });
      const resp = await fetch("/query", {
        method: "POST",
        headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
        body: body,
      });
      const text = await resp.text();
      if (!resp.ok) throw new Error(resp.status + " " + text.trim());
      if ((resp.headers.get("Content-Type") || "").includes("sparql-results+json")) {
        show(JSON.parse(text));
      } else {
        table.tHead.textContent = "";
        table.tBodies[0].textContent = "";
        raw.hidden = false;
        raw.textContent = text;
        status.textContent = "graph";
      }
      status.textContent += " · " + Math.round(performance.now() - started) + " ms";
    } catch (err) {
      state.error = String(err.message || err);
      status.className = "error";
      status.textContent = state.error;
    } finally {
      state.running = false;
      state.done += 1;
    }
  }

  document.getElementById("kg-run").addEventListener("click", run);
  editor.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(); });
})();
