import type { ReactNode } from "react";

/**
 * The white card every page groups its content in: a section labelled by its own heading (so screen readers list it
 * as a region with that name). `id` names the heading; `headingClassName` replaces the default heading style.
 */
export function Panel({
  id,
  title,
  headingClassName = "text-lg font-semibold",
  className = "rounded-lg bg-white p-5 shadow",
  children,
}: {
  id: string;
  title: ReactNode;
  headingClassName?: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className={className}>
      <h2 id={id} className={headingClassName}>
        {title}
      </h2>
      {children}
    </section>
  );
}
