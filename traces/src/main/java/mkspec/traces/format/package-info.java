/**
 * Reading and writing mkspec traces, version 1 of {@code TRACE-FORMAT.md}.
 *
 * <p>This package is a contract: a trace written against TRACE-FORMAT v1 outside the project must read here, and
 * every trace this package writes reads back to an equal {@link mkspec.traces.format.Trace}. The entry points are
 * {@link mkspec.traces.format.TraceReader} (strict, every rejection located at {@code file:line:column}) and
 * {@link mkspec.traces.format.TraceWriter}. It names ops, errnos and invariants by their words and leaves their
 * meaning to the spec and the reference; the list of invariant names is the spec's own.
 */
package mkspec.traces.format;
