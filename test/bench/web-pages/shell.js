// The home page of each role (issue 17.6) against the API call that lists the same awards: the
// home is the awards the user may see, 20 a page (apps/web/src/home/awards-home.ts).
const ROLES = ['admin', 'commissioner', 'finance', 'partner', 'viewer'];

export default ROLES.map((role) => ({
  name: `home (${role})`,
  role,
  page: async () => '/',
  api: async () => ['/api/awards?page=1&pageSize=20'],
}));
