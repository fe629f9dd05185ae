/**
 * Failing-case reports: a {@link mkspec.traces.report.ReportModel}, computed elsewhere, laid out as a report folder
 * by {@link mkspec.traces.report.ReportWriter} (the replayable trace, Markdown, and one self-contained HTML page with
 * the memory map drawn by {@link mkspec.traces.report.MemoryMapSvg}).
 */
package mkspec.traces.report;
