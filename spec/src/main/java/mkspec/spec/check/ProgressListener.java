package mkspec.spec.check;

/**
 * Receives progress reports every {@link CheckOptions#progressInterval} and once at the end; the checker itself
 * prints nothing. Called from the thread that called the checker, never concurrently.
 */
@FunctionalInterface
public interface ProgressListener {

  /** A listener that ignores every report. */
  ProgressListener NONE = progress -> {};

  /** One report. */
  void progress(Progress progress);
}
