import { chromium } from "playwright-core";

/** Flags for Debian's chromium in a container with no network beyond loopback. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
] as const;

/**
 * Opens a BFF's GraphiQL page in headless Chromium, replaces the editor's text with `query`, runs
 * it with the run button and returns the text of the result pane once it holds a whole JSON answer.
 * Throws if the page reported a Content-Security-Policy violation meanwhile (the BFF's CSP must let
 * its own GraphiQL work).
 */
export async function runGraphiqlQuery(executablePath: string, graphqlUrl: string, query: string): Promise<string> {
  const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS], timeout: 60_000 });
  try {
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on("pageerror", (error) => failures.push(error.message));
    page.on("requestfailed", (request) => failures.push(`${request.url()}: ${request.failure()?.errorText}`));
    const violations: string[] = [];
    await page.exposeFunction("reportCspViolation", (text: string) => void violations.push(text));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`);
      });
    });
    await page.goto(graphqlUrl, { waitUntil: "load", timeout: 60_000 });
    const editor = page.locator(".graphiql-query-editor .monaco-editor").first();
    await editor.waitFor({ state: "visible", timeout: 60_000 }).catch((error: unknown) => {
      throw new Error(`the GraphiQL editor did not appear (${failures.join("; ") || String(error)})`);
    });
    await editor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(query);
    await page.locator(".graphiql-execute-button").click();
    const pane = page.locator(".graphiql-response .view-lines").first();
    const deadline = Date.now() + 60_000;
    let text = "";
    while (Date.now() < deadline) {
      text = ((await pane.innerText().catch(() => "")) || "").replace(/\u00a0/g, " ");
      if (isJson(text)) {
        if (violations.length > 0) throw new Error(`the page broke its Content-Security-Policy: ${[...new Set(violations)].slice(0, 10).join("; ")}`);
        return text;
      }
      await page.waitForTimeout(250);
    }
    throw new Error(`the result pane did not show a JSON answer: ${JSON.stringify(text)} ${failures.join("; ")}`);
  } finally {
    await browser.close();
  }
}

function isJson(text: string): boolean {
  if (text.trim() === "") return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
