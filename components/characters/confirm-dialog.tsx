"use client";

import { useEffect, useRef, type ReactNode } from "react";

/**
 * A modal confirmation on the native <dialog>: focus moves into it, Escape cancels, and the page behind is inert.
 * The confirm button says what will happen ("Destroy", "Delete"), never just "OK".
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  busy = false,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="confirm-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      className="m-auto w-full max-w-md rounded-lg bg-white p-5 shadow-xl backdrop:bg-slate-900/50"
    >
      <h2 id="confirm-dialog-title" className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      <div className="mt-2 text-sm text-slate-700">{children}</div>
      <div className="mt-5 flex justify-end gap-2">
        <button type="button" onClick={onCancel} className="rounded border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50" autoFocus>
          Cancel
        </button>
        <button type="button" onClick={onConfirm} disabled={busy} className="rounded bg-red-600 px-3 py-2 text-sm font-semibold text-white hover:bg-red-700 disabled:opacity-60">
          {busy ? "Working…" : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
