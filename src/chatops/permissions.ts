/**
 * Who may do what from which chat platform (`CHATOPS_ALLOWED`). Whatever is not listed is refused: an
 * empty setting allows nothing. `help` needs no permission.
 */

export const CHAT_PLATFORMS = ['slack', 'teams', 'generic'] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];

export const CHAT_VERBS = ['suspend', 'resume', 'status'] as const;
export type ChatVerb = (typeof CHAT_VERBS)[number];

/** Anyone on that platform who can reach the (signed) endpoint. */
export const EVERYONE = '*';

export type ChatOpsPermissions = Readonly<
  Partial<Record<ChatPlatform, Readonly<Partial<Record<ChatVerb, readonly string[]>>>>>
>;

/**
 * Whether a caller may use `verb` on `platform`. `callerIds` are every id the request proves about the
 * caller: user ids and the channel it came from; one listed id is enough.
 */
export function isAllowed(
  permissions: ChatOpsPermissions,
  platform: ChatPlatform,
  verb: ChatVerb,
  callerIds: readonly string[],
): boolean {
  const allowed = permissions[platform]?.[verb];
  if (!allowed || allowed.length === 0) return false;
  if (allowed.includes(EVERYONE)) return true;
  return callerIds.some((id) => id !== '' && allowed.includes(id));
}
