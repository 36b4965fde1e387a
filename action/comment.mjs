// The action's second step: the markdown report as ONE pull-request comment. The comment is found by a
// hidden HTML marker on its first line and edited in place (PATCH), else created (POST): however many
// times the workflow runs, the pull request has one llmcost comment per command (or comment-key).
// Node built-ins and the global fetch only, against $GITHUB_API_URL (GitHub's REST API, issue comments).
import { readFileSync } from "node:fs";
import { ActionError, booleanInput, escapeData, input, runStep, setOutputs } from "./github.mjs";

/** GitHub refuses a comment body longer than this (characters). */
const MAX_BODY = 65536;
const PER_PAGE = 100;
const TIMEOUT_MS = 30_000;

await runStep("comment", async () => {
  if (!booleanInput("comment")) return;
  const event = readEvent();
  const number = event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : undefined);
  if (number === undefined) {
    notice(
      "notice",
      `not a pull request (${process.env.GITHUB_EVENT_NAME ?? "unknown event"}): no comment posted`,
    );
    return;
  }
  const repository = process.env.GITHUB_REPOSITORY;
  const head = event.pull_request?.head?.repo?.full_name;
  // A pull_request run from a fork gets a read-only token: posting would fail with 403 every time.
  if (process.env.GITHUB_EVENT_NAME === "pull_request" && head && head !== repository) {
    notice(
      "warning",
      `pull request from the fork ${head}: its token cannot comment here, so the report is in the job summary only`,
    );
    return;
  }
  if (!repository) throw new ActionError("GITHUB_REPOSITORY is not set");
  const token = input("github-token");
  if (!token) throw new ActionError("input github-token is empty: no token to comment with");
  const markdownPath = process.env.LLMCOST_MARKDOWN;
  if (!markdownPath) throw new ActionError("no markdown report from the run step");

  const marker = markerFor(input("comment-key") || input("command"));
  const body = bodyOf(marker, readFileSync(markdownPath, "utf8"));
  const api = apiClient(process.env.GITHUB_API_URL || "https://api.github.com", token);
  const existing = await findComment(api, repository, number, marker);
  let comment;
  if (!existing) comment = await api("POST", `/repos/${repository}/issues/${number}/comments`, { body });
  else if (existing.body === body)
    comment = existing; // the same report: no edit, no notification
  else comment = await api("PATCH", `/repos/${repository}/issues/comments/${existing.id}`, { body });
  setOutputs({ "comment-url": comment.html_url ?? "" });
  const how = !existing ? "posted" : existing.body === body ? "unchanged" : "updated";
  process.stdout.write(`llmcost comment ${how}: ${comment.html_url ?? comment.id}\n`);
});

function readEvent() {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path) throw new ActionError("GITHUB_EVENT_PATH is not set: no event to find the pull request in");
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ActionError(`cannot read the event ${path}: ${error.code ?? error.message}`);
  }
}

/** The hidden first line the comment is known by. A key is a plain word: it must not end the HTML comment. */
function markerFor(key) {
  if (!/^[A-Za-z0-9._-]+$/.test(key))
    throw new ActionError(`input comment-key: expected letters, digits, '.', '_' or '-', got "${key}"`, 64);
  return `<!-- llmcost-action: ${key} -->`;
}

function bodyOf(marker, markdown) {
  const body = `${marker}\n${markdown}`;
  if (body.length <= MAX_BODY) return body;
  const note = "\n\n… cut to fit a comment: the whole report is in the job summary.\n";
  return body.slice(0, MAX_BODY - note.length) + note;
}

/** The first comment on the pull request whose body starts with the marker, reading every page. */
async function findComment(api, repository, number, marker) {
  for (let page = 1; ; page++) {
    const comments = await api(
      "GET",
      `/repos/${repository}/issues/${number}/comments?per_page=${PER_PAGE}&page=${page}`,
    );
    if (!Array.isArray(comments)) throw new ActionError(`GitHub API: comments of #${number} are not a list`);
    const found = comments.find(
      (comment) => typeof comment.body === "string" && comment.body.startsWith(marker),
    );
    if (found) return found;
    if (comments.length < PER_PAGE) return undefined;
  }
}

/** One REST call: its JSON, or an ActionError naming the call, the status and GitHub's message. */
function apiClient(base, token) {
  return async (method, path, payload) => {
    const what = `${method} ${path.split("?")[0]}`;
    let response;
    try {
      response = await fetch(`${base.replace(/\/+$/, "")}${path}`, {
        method,
        headers: {
          accept: "application/vnd.github+json",
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "user-agent": "llmcost-action",
          "x-github-api-version": "2022-11-28",
        },
        body: payload === undefined ? undefined : JSON.stringify(payload),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause = error.cause?.code ?? error.cause?.message ?? error.message;
      throw new ActionError(`GitHub API: ${what} failed: ${cause}`);
    }
    const text = await response.text();
    if (!response.ok) {
      let message = "";
      try {
        message = JSON.parse(text).message ?? "";
      } catch {}
      const hint =
        response.status === 403 || response.status === 404
          ? " (the workflow needs `permissions: pull-requests: write` for its token)"
          : "";
      throw new ActionError(
        `GitHub API: ${what}: ${response.status} ${response.statusText}${message ? `: ${message}` : ""}${hint}`,
      );
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new ActionError(`GitHub API: ${what}: the answer is not JSON`);
    }
  };
}

function notice(level, message) {
  process.stdout.write(`::${level} title=llmcost action::${escapeData(message)}\n`);
}
