export interface BannerInfo {
  port: number;
  database: string;
  redis: string;
  mail: string;
  demoUsers: readonly { email: string; role: string }[];
  demoPassword: string;
  /** Whether the demo data was loaded by this run (first start) or was already there. */
  seeded: string;
}

/** The plain-text block printed once everything runs. */
export function formatBanner(info: BannerInfo): string {
  const base = `http://localhost:${info.port}`;
  const finance = info.demoUsers.find((u) => u.role === 'finance') ?? info.demoUsers[0];
  const login = JSON.stringify({ email: finance?.email ?? '', password: info.demoPassword });
  const width = Math.max(...info.demoUsers.map((u) => u.email.length));
  const curl =
    `TOKEN=$(curl -s ${base}/api/auth/login -H 'content-type: application/json' -d '${login}' | sed -E 's/.*"accessToken":"([^"]+)".*/\\1/') && ` +
    `curl -s '${base}/api/reports/grants?financialYear=2014/15' -H "authorization: Bearer $TOKEN"`;
  const rule = '='.repeat(78);
  return [
    '',
    rule,
    ' Ringfence is running (web, API and worker)',
    rule,
    ` Web        ${base}/   (sign in with a demo login below)`,
    ` API        ${base}/api`,
    ` Swagger    ${base}/api/docs`,
    ` Health     ${base}/health`,
    ` Database   ${info.database}`,
    ` Redis      ${info.redis}`,
    ` Mail       ${info.mail}`,
    ` Demo data  ${info.seeded}`,
    '',
    ` Demo logins (password ${info.demoPassword}):`,
    ...info.demoUsers.map((u) => `   ${u.email.padEnd(width)}  ${u.role}`),
    '',
    ' Try it (log in as finance, read the 2014/15 grants table):',
    `   ${curl}`,
    '',
    ' Ctrl-C stops everything.',
    rule,
    '',
  ].join('\n');
}
