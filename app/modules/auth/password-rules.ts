// The password rule pages show and actions enforce, shared with the browser.
export const PASSWORD_MIN_LENGTH = 10;
