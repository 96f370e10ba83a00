/**
 * The rule "this user's invitation is still waiting" in SQL, in one place: the user was invited
 * (has an invitation row) and has never set a password from one (none of its invitations is
 * used). An expired or revoked link still counts as waiting: the admin sends a fresh one.
 * `userId` is the SQL expression of the user's id in the caller's statement (a column or a
 * parameter), never user input. Used by the admin's list of users (UsersService.
 * listWithInvitations, a column of the list's own statement) and by a user's page
 * (InvitationsService.pendingUserIds), so the two can never disagree.
 */
export const invitationWaitingSql = (userId: string): string =>
  `(EXISTS (SELECT 1 FROM user_invitation wi WHERE wi.user_id = ${userId})
     AND NOT EXISTS (SELECT 1 FROM user_invitation wu WHERE wu.user_id = ${userId} AND wu.used_at IS NOT NULL))`;
