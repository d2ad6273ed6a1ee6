/** The password checks the public pages make before sending (the API's policy is the authority). */

export const PASSWORD_MIN_LENGTH = 8;

/** What is wrong with the two fields, or undefined when they can be sent. */
export function passwordProblem(password: string, confirm: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `The password must be at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password !== confirm) return 'The two passwords do not match.';
  return undefined;
}
