// An error whose message is written for the person who gave the input ("a key needs a name"): the
// actions show it as it is (lib/actions/action.ts), the CLI prints it. Any other error is ours,
// logged, and shown as a generic sentence.
export class InputError extends Error {
  /** The field it is about, when there is one. */
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
