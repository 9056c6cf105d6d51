// The live cells' Python: Pyodide in a dedicated worker, so that the page never freezes.
// runner.js sends, in this order of need:
//   {type: "boot", baseURL, entry, session, interrupt}  load Pyodide, add dlref to its lock file,
//                                                        load dlref and numpy and import dlref
//   {type: "run", id, number, code}                      run a cell by the build's rules
//   {type: "reset"}                                      a fresh namespace for the cells
// and gets back {type: "stage", name, time} as the boot goes (time: ms since the epoch),
// {type: "status", state: "ready" | "failed", message},
// {type: "text", id, text} while a cell prints, {type: "again", id} when it starts over, and
// {type: "done", id, error, figures} or {type: "done", id, missing} when a package would not load.
/* global loadPyodide */
"use strict";

let pyodide, runCell, namespace;
let queue = Promise.resolve(); // one message at a time, in the order they came

self.onmessage = ({data}) => {
  queue = queue.then(() => handlers[data.type](data)).catch(error => console.error(error));
};

// Files asked for at the boot's start, all at once, while the steps before their use run (Pyodide's
// script, the wasm compile, Python's start). Pyodide's own fetch of such a URL gets that response,
// once; it asks with the file's sha256 (`integrity`), and so does the early fetch, so a file that
// does not match is refused all the same.
const early = new Map();
const fetchNow = self.fetch.bind(self);
self.fetch = (resource, options) => {
  const url = String(resource instanceof Request ? resource.url : resource);
  const response = early.get(url);
  early.delete(url);
  return response || fetchNow(resource, options);
};

function fetchEarly(url, options) {
  const response = fetchNow(url, options);
  response.catch(() => {}); // a failure shows where Pyodide uses the response, not here
  early.set(url, response);
}

// Subresource integrity for a lock file's hex sha256.
const integrity = hex => "sha256-" + btoa(String.fromCharCode(...hex.match(/../g).map(byte => parseInt(byte, 16))));

// The package `name` and those it depends on, in `packages` (a lock file's).
function closure(packages, name, found = new Set()) {
  if (!packages[name] || found.has(name)) return found;
  found.add(name);
  for (const dependency of packages[name].depends) closure(packages, dependency, found);
  return found;
}

const stage = (name, detail) => postMessage({type: "stage", name, detail, time: performance.timeOrigin + performance.now()});

// Python's memory just after it started, kept by the first visit in the browser's Cache Storage
// (about 21 MB): a later visit starts Python from it, skipping Python's own start (Pyodide's
// _makeSnapshot/_loadSnapshot). A snapshot that Pyodide refuses (another Pyodide build, a damaged
// file) is dropped: Python starts afresh and a new snapshot replaces it. One not whole (its length
// is kept with it) is not even tried: Pyodide would hang on it. No Cache Storage (a page that is no
// secure context, a browser that refuses it): Python starts afresh each time.
const SNAPSHOT_BYTES = "dlref-snapshot-bytes";
const snapshots = {
  store: self.caches ? caches.open("dlref-live").catch(() => null) : Promise.resolve(null),
  async get(key) {
    const store = await this.store;
    const response = store && await store.match(key).catch(() => null);
    const snapshot = response && new Uint8Array(await response.arrayBuffer());
    if (snapshot && String(snapshot.length) === response.headers.get(SNAPSHOT_BYTES)) return snapshot;
    if (snapshot) console.warn("the memory snapshot was refused, Python starts afresh: it is not whole");
    return null;
  },
  async put(key, snapshot) {
    const store = await this.store;
    const response = new Response(snapshot, {headers: {[SNAPSHOT_BYTES]: String(snapshot.length)}});
    if (store) await store.put(key, response).catch(error => console.warn(`no snapshot kept: ${message(error)}`));
  },
};

// Pyodide with `options`, from the snapshot kept under `key` when there is one; a fresh start
// otherwise, which keeps a snapshot for the next time (stored while the boot goes on).
async function startPython(options, key) {
  const snapshot = await snapshots.get(key);
  if (snapshot) {
    try {
      return {pyodide: await loadPyodide({...options, _loadSnapshot: snapshot}), snapshot: true};
    } catch (error) {
      console.warn(`the memory snapshot was refused, Python starts afresh: ${message(error)}`);
    }
  }
  const pyodide = await loadPyodide({...options, _makeSnapshot: true});
  snapshots.put(key, pyodide.makeMemorySnapshot());
  return {pyodide, snapshot: false};
}

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}`);
  return response;
}

const message = error => String((error && error.message) || error);

// Load packages through `loader(options)`; the errors Pyodide reports, or "" when all loaded.
async function load(loader) {
  const errors = [];
  try {
    await loader({messageCallback() {}, errorCallback: text => errors.push(text)});
  } catch (error) {
    errors.push(message(error));
  }
  return errors.join("\n");
}

// Call a Python function; its dict result as a JS object.
function call(method, ...args) {
  const result = method(...args);
  try {
    return result.toJs({dict_converter: Object.fromEntries});
  } finally {
    result.destroy();
  }
}

const handlers = {
  async boot({baseURL, entry, session, interrupt}) {
    try {
      for (const url of [`${baseURL}pyodide.asm.wasm`, `${baseURL}python_stdlib.zip`, session]) fetchEarly(url);
      // Pyodide waits for ever on a wasm it could not fetch: that is a boot that failed
      const wasmURL = `${baseURL}pyodide.asm.wasm`, wasmFailed = early.get(wasmURL).then(response => response.ok ?
        new Promise(() => {}) : Promise.reject(new Error(`${wasmURL} answered ${response.status} ${response.statusText}`)));
      // dlref's entry joins the distribution's lock file, so that `import dlref` loads
      // the wheel of this build and numpy, both checked against their sha256. Pyodide
      // maps an import to the last package that lists it, and the test suites (numpy-tests)
      // list their package's import: they lose it, so `import numpy` loads numpy. Read before
      // Pyodide's script: once Python starts, it holds this thread until it is up (seconds), and
      // the wheels are to be fetched meanwhile.
      const lock = await fetchOk(`${baseURL}pyodide-lock.json`).then(response => response.json()).then(lockfile => {
        const packages = {...lockfile.packages, [entry.name]: entry};
        for (const name of Object.keys(packages).filter(name => name.endsWith("-tests"))) {
          packages[name] = {...packages[name], imports: []};
        }
        for (const name of closure(packages, entry.name)) {
          const {file_name, sha256} = packages[name];
          fetchEarly(new URL(file_name, baseURL).href, {integrity: integrity(sha256)});
        }
        return {...lockfile, packages};
      });
      importScripts(`${baseURL}pyodide.js`);
      const started = await Promise.race([startPython({
        indexURL: baseURL, lockFileContents: lock, packageBaseUrl: baseURL, env: {MPLBACKEND: "Agg"},
      }, `${baseURL}dlref-memory-snapshot`), wasmFailed]);
      pyodide = started.pyodide;
      stage("pyodide", {snapshot: started.snapshot});
      if (interrupt) pyodide.setInterruptBuffer(interrupt);
      // dlref and numpy, so that a cell's first `import dlref` is at once. A package that does not
      // load is no boot failure: the cell that imports it says so (and Pyodide tries again then).
      if (!await load(options => pyodide.loadPackage(entry.name, options))) {
        stage("packages");
        try {
          pyodide.runPython(`import ${entry.imports[0]}`);
          stage("dlref");
        } catch (error) {
          console.warn(`import ${entry.imports[0]} failed at the boot: ${message(error)}`);
        }
      }
      const globals = pyodide.globals.get("dict")();
      pyodide.runPython(await (await fetchOk(session)).text(), {globals, filename: "session.py"});
      runCell = globals.get("run_cell");
      handlers.reset();
      postMessage({type: "status", state: "ready"});
    } catch (error) {
      postMessage({type: "status", state: "failed", message: message(error)});
    }
  },

  reset() {
    if (namespace) namespace.destroy();
    namespace = pyodide.runPython('{"__name__": "__main__"}');
  },

  async run({id, number, code}) {
    const missing = await load(options => pyodide.loadPackagesFromImports(code, options));
    if (missing) return postMessage({type: "done", id, missing});
    // What the cell prints goes out as it comes: Python holds this thread until the cell ends.
    const write = text => postMessage({type: "text", id, text});
    try {
      let {error, figures, module} = call(runCell, code, number, namespace, write);
      // A module imported inside a function the cell calls (dlref's plots import matplotlib):
      // Pyodide has it, so load it and run the cell once more, from a cleared output.
      const provider = module && Object.entries(pyodide.lockfile.packages).find(([, p]) => p.imports.includes(module));
      if (provider && !pyodide.loadedPackages[provider[0]]) {
        const failed = await load(options => pyodide.loadPackage(provider[0], options));
        if (failed) return postMessage({type: "done", id, missing: failed});
        postMessage({type: "again", id});
        ({error, figures} = call(runCell, code, number, namespace, write));
      }
      postMessage({type: "done", id, error, figures});
    } catch (error) {  // Pyodide itself failed: runner.js starts a fresh one
      postMessage({type: "done", id, error: `Python stopped working: ${message(error)}`, figures: [], broken: true});
    }
  },
};
