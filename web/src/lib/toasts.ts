/**
 * Short messages at the bottom of the screen ("Photo deleted · Undo", "Could not like: …"),
 * as a tiny store any module can push to without React.
 */
export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error' | 'success';
  action?: { label: string; run: () => void };
  /** Milliseconds on screen; errors with an action stay longer. */
  duration: number;
}

type Listener = (toasts: readonly Toast[]) => void;

let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<Listener>();
const emit = () => {
  for (const listener of listeners) listener(toasts);
};

export function showToast(message: string, options: Partial<Omit<Toast, 'id' | 'message'>> = {}): number {
  const toast: Toast = {
    id: nextId++,
    message,
    tone: options.tone ?? 'info',
    action: options.action,
    duration: options.duration ?? (options.action ? 6000 : 4000),
  };
  toasts = [...toasts.slice(-2), toast];
  emit();
  setTimeout(() => dismissToast(toast.id), toast.duration);
  return toast.id;
}

export function dismissToast(id: number) {
  const left = toasts.filter((t) => t.id !== id);
  if (left.length === toasts.length) return;
  toasts = left;
  emit();
}

export function subscribeToasts(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const currentToasts = () => toasts;
