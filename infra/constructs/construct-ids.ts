/** Construct ids derived from table names, shared by the stack and its nested stacks. */

/** `scim.users.list` → `ScimUsersList`: a readable construct id. */
export const pascal = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
