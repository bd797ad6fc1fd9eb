// The import and export tools: a web worker (the tools/ crate, built by Trunk as
// scaleout-tools_loader.js) started on the first import or export and kept. Requests and replies
// are JSON text (tools/src/lib.rs); the worker says 'ready' before it takes requests.
let tools = null;

function start() {
  const worker = new Worker('./scaleout-tools_loader.js');
  const pending = [];
  const ready = new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      if (e.data !== 'ready') return;
      worker.onmessage = (r) => pending.shift()?.resolve(JSON.parse(r.data));
      resolve();
    };
    // Failed to load, or crashed: what waits fails, and the next request starts a new worker.
    worker.onerror = () => {
      tools = null;
      worker.terminate();
      const e = new Error('the import and export tools could not run');
      for (const p of pending.splice(0)) p.reject(e);
      reject(e);
    };
  });
  return { worker, pending, ready };
}

async function call(request) {
  tools ??= start();
  const t = tools;
  await t.ready;
  const reply = await new Promise((resolve, reject) => {
    t.pending.push({ resolve, reject });
    t.worker.postMessage(JSON.stringify(request));
  });
  if (!reply.ok) throw new Error(reply.error);
  return reply;
}

// Reads the chosen files (2 MB each at most, as for scenario files) and imports them over the
// current scenario: { scenario, unsupported, notes }.
export async function importFiles(files, base) {
  const list = [];
  for (const f of files) {
    if (f.size > 2 * 1024 * 1024) throw new Error(`${f.name}: the file is larger than 2 MB`);
    list.push({ name: f.name, text: await f.text() });
  }
  return call({ op: 'import', base, files: list });
}

// The scenario as infrastructure code, offered as the download `<name>.<extension>`; resolves to
// what the template could not express.
export async function exportScenario(to, scenario, name) {
  const r = await call({ op: 'export', to, scenario });
  const url = URL.createObjectURL(new Blob([r.text], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.${r.extension}`;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
  return r.not_expressed;
}

// A and B (link payloads) run to A's horizon on A's load and seed: { html }.
export function compareRuns(a, b) {
  return call({ op: 'compare', a, b });
}
