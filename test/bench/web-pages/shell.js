// The shell's pages that belong to no area: the admin's home (the administration index) against
// the API's user list it stands in for. Every other role's home is listed by its area's file.
export default [
  { name: 'admin home', role: 'admin', page: async () => '/', api: async () => ['/api/users?page=1&pageSize=20'] },
];
