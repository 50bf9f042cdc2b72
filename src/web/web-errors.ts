/** Thrown by the session guard: the page needs a signed-in session (redirect to sign-in). */
export class WebSignInRequired extends Error {
  constructor(readonly next: string | undefined) {
    super('sign in to see this page');
  }
}
