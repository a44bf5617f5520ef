/**
 * Puts text on the clipboard. Without the Clipboard API (an insecure origin, an old browser or a
 * refused permission) it selects the given input so the person can copy it themselves; the answer
 * says which happened.
 */
export async function copyText(
  text: string,
  fallback: HTMLInputElement | null,
): Promise<'copied' | 'selected'> {
  try {
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    fallback?.focus();
    fallback?.select();
    return 'selected';
  }
}
