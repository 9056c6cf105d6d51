// The live cells' Python: Pyodide in a dedicated worker, so that the page never freezes.
// runner.js sends, in this order of need:
//   {type: "boot", baseURL, entry, session, interrupt}  load Pyodide, add dlref to its lock file
//   {type: "run", id, number, code}                      run a cell by the build's rules
//   {type: "reset"}                                      a fresh namespace for the cells
// and gets back {type: "status", state: "ready" | "failed", message},
// {type: "text", id, text} while a cell prints, {type: "again", id} when it starts over, and
// {type: "done", id, error, figures} or {type: "done", id, missing} when a package would not load.
/* global loadPyodide */
"use strict";

let pyodide, runCell, namespace;
let queue = Promise.resolve(); // one message at a time, in the order they came

self.onmessage = ({data}) => {
  queue = queue.then(() => handlers[data.type](data)).catch(error => console.error(error));
};

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
      importScripts(`${baseURL}pyodide.js`);
      // dlref's entry joins the distribution's lock file, so that `import dlref` loads
      // the wheel of this build and numpy, both checked against their sha256. Pyodide
      // maps an import to the last package that lists it, and the test suites (numpy-tests)
      // list their package's import: they lose it, so `import numpy` loads numpy.
      const lock = fetchOk(`${baseURL}pyodide-lock.json`).then(response => response.json()).then(lockfile => {
        const packages = {...lockfile.packages, [entry.name]: entry};
        for (const name of Object.keys(packages).filter(name => name.endsWith("-tests"))) {
          packages[name] = {...packages[name], imports: []};
        }
        return {...lockfile, packages};
      });
      pyodide = await loadPyodide({
        indexURL: baseURL, lockFileContents: lock, packageBaseUrl: baseURL, env: {MPLBACKEND: "Agg"},
      });
      if (interrupt) pyodide.setInterruptBuffer(interrupt);
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
