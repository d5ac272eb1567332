/** Small DOM helpers: text only (never innerHTML), so API data cannot become markup. */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
}

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

/** Shows a message in an alert region and moves focus to it, so keyboard and screen-reader users land on it. */
export function showError(region: HTMLElement, message: string): void {
  region.textContent = message;
  region.hidden = false;
  region.focus();
}

export function clearError(region: HTMLElement): void {
  region.textContent = '';
  region.hidden = true;
}

/** Disables a button while its action runs, so a double click does not send it twice. */
export async function busy<T>(button: HTMLButtonElement, work: () => Promise<T>): Promise<T> {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/** A text field's value ('' when absent): FormData entries may also be files, which String() would print as [object File]. */
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}
