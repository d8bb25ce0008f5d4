import type { GraphiQLOptions } from "graphql-yoga";

/** Where the GraphiQL assets are served from (by this BFF, from local node_modules: no CDN). */
export const GRAPHIQL_ASSET_PREFIX = "/graphiql/";

interface Asset {
  readonly body: string;
  readonly contentType: string;
}

type AssetBundle = typeof import("@graphql-yoga/render-graphiql/graphiql");

let bundle: Promise<AssetBundle> | undefined;

/** The bundle is several megabytes: imported on first use only, so servers and tests start fast. */
function loadBundle(): Promise<AssetBundle> {
  bundle ??= import("@graphql-yoga/render-graphiql/graphiql");
  return bundle;
}

const JS = "text/javascript; charset=utf-8";

/**
 * The page's own scripts, served as files rather than inline so the page's Content-Security-Policy
 * can allow scripts from this BFF only (`script-src 'self'`, no inline script, no hash to keep in
 * step). `setup.js` tells Monaco where its workers are; `start.js` renders GraphiQL with the options
 * the page carries as a JSON data block (which CSP does not treat as a script).
 */
const SETUP_JS = `const workers = {
  editorWorkerService: "${GRAPHIQL_ASSET_PREFIX}editor.worker.js",
  json: "${GRAPHIQL_ASSET_PREFIX}json.worker.js",
  graphql: "${GRAPHIQL_ASSET_PREFIX}graphql.worker.js",
};
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_id, label) => workers[label] };
`;
const START_JS = `const options = JSON.parse(document.getElementById("graphiql-options").textContent);
YogaGraphiQL.renderYogaGraphiQL(document.querySelector("#root"), options);
`;

/** One GraphiQL asset by its path under {@link GRAPHIQL_ASSET_PREFIX}, or undefined. */
export async function graphiqlAsset(name: string): Promise<Asset | undefined> {
  switch (name) {
    case "setup.js":
      return { body: SETUP_JS, contentType: JS };
    case "start.js":
      return { body: START_JS, contentType: JS };
  }
  const assets = await loadBundle();
  switch (name) {
    case "graphiql.js":
      return { body: assets.js, contentType: JS };
    case "graphiql.css":
      return { body: assets.css, contentType: "text/css; charset=utf-8" };
    case "editor.worker.js":
      return { body: assets.editorWorkerService, contentType: JS };
    case "json.worker.js":
      return { body: assets.jsonWorker, contentType: JS };
    case "graphql.worker.js":
      return { body: assets.graphqlWorker, contentType: JS };
    default:
      return undefined;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The GraphiQL page: a small HTML shell whose scripts, style and Monaco workers are all served
 * by this BFF under {@link GRAPHIQL_ASSET_PREFIX}; it holds no inline script. Pass as yoga's
 * `renderGraphiQL`.
 */
export function renderLocalGraphiQL(options: GraphiQLOptions = {}): string {
  const p = GRAPHIQL_ASSET_PREFIX;
  // `<` is escaped so the options cannot close the data block's script element.
  const json = JSON.stringify(options).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? "GraphiQL")}</title>
    <link rel="stylesheet" href="${p}graphiql.css" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div id="root"></div>
    <script id="graphiql-options" type="application/json">${json}</script>
    <script src="${p}setup.js"></script>
    <script src="${p}graphiql.js"></script>
    <script src="${p}start.js"></script>
  </body>
</html>
`;
}
