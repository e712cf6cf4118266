/** A refusal of the token CLI, said in one line: the CLI prints it and exits non-zero. */
export class TokenAdminError extends Error {}
