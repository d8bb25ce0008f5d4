/**
 * The environment for tests that build throw-away git repositories: a fixed author and committer,
 * no system or user git config, and without the override variables named in `omit` (e.g.
 * BUF_BREAKING_AGAINST), so the developer's own settings never change what a test decides.
 */
export function gitTestEnv(...omit: string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of omit) delete env[name];
  return {
    ...env,
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@example.com",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@example.com",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
  };
}
