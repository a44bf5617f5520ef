/** The 6-digit one-time code, from whatever was typed or pasted ("123 456", "Code: 123456"). */
export const CODE_LENGTH = 6;

export function codeDigits(text: string): string {
  return text.replace(/\D/g, '').slice(0, CODE_LENGTH);
}
