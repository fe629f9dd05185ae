package mkspec.traces.report;

import java.nio.file.Path;
import java.util.List;

/** What {@link ReportWriter#write} did: wrote the report folder, or refused to touch what was there. */
public sealed interface ReportWriteResult permits ReportWriteResult.Written, ReportWriteResult.Refused {

    /**
     * The report folder is complete at {@code folder}.
     *
     * @param folder the report folder
     * @param files the files in it, by name, in the order written
     * @param replaced whether an earlier report folder was there and has been replaced
     */
    record Written(Path folder, List<String> files, boolean replaced) implements ReportWriteResult {
        public Written {
            files = List.copyOf(files);
        }
    }

    /**
     * Nothing was written, because the path holds something this writer did not make.
     *
     * @param outDir the path asked for
     * @param reason why it was left alone
     */
    record Refused(Path outDir, Reason reason) implements ReportWriteResult {
        /** One line for the user: what is there and what to do. */
        public String message() {
            return switch (reason) {
                case NOT_A_DIRECTORY -> outDir + " exists and is not a directory; choose another --out";
                case NOT_A_REPORT_FOLDER -> outDir + " exists and is not a report folder (it has no "
                        + ReportWriter.MARKER + "); it was left untouched: choose another --out or remove it yourself";
                case SYMBOLIC_LINK -> outDir + " is a symbolic link; it was left untouched: give the real path";
            };
        }
    }

    /** Why a path was left alone. */
    enum Reason {
        /** The path is a file or something else that is not a directory. */
        NOT_A_DIRECTORY,
        /** The path is a directory without the report marker: possibly the user's own data. */
        NOT_A_REPORT_FOLDER,
        /** The path is a symbolic link: replacing it would replace the link, not what it points to. */
        SYMBOLIC_LINK
    }
}
