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

/** One GraphiQL asset by its path under {@link GRAPHIQL_ASSET_PREFIX}, or undefined. */
export async function graphiqlAsset(name: string): Promise<Asset | undefined> {
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
 * The GraphiQL page: a small HTML shell whose script, style and Monaco workers are all served
 * by this BFF under {@link GRAPHIQL_ASSET_PREFIX}. Pass as yoga's `renderGraphiQL`.
 */
export function renderLocalGraphiQL(options: GraphiQLOptions = {}): string {
  const p = GRAPHIQL_ASSET_PREFIX;
  // `<` is escaped so the options cannot close the script element.
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
    <script>
      const workers = {
        editorWorkerService: "${p}editor.worker.js",
        json: "${p}json.worker.js",
        graphql: "${p}graphql.worker.js",
      };
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_id, label) => workers[label] };
    </script>
    <script src="${p}graphiql.js"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.querySelector("#root"), ${json});
    </script>
  </body>
</html>
`;
}
