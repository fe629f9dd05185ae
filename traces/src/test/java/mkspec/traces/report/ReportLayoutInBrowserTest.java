package mkspec.traces.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mkspec.traces.format.Trace;
import mkspec.traces.format.TraceReadResult;
import mkspec.traces.format.TraceReader;
import mkspec.traces.replay.Profiles;
import mkspec.traces.replay.Replayer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The reports as a reader sees them: Debian's chromium, driven headless through the system chromedriver, opens the
 * checked-in example reports and the report of every corpus trace, RFC v2's and mk2's, at 1400 and 800 px, and a script measures what
 * it laid out (text inside its box, no word in a table cell split over two lines, map text 10 px or more, every
 * map region wide enough to find).
 *
 * <p>Like the oracle tests, it skips with a message when chromium or chromedriver is missing, unless
 * {@code MKSPEC_REQUIRE_ORACLES=1}, which {@code .ci/run} sets and which turns the skip into a failure.
 */
class ReportLayoutInBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int[] WIDTHS = {1400, 800};

    @TempDir
    Path rendered;

    @Test
    void reportsKeepTextInsideItsBoxWordsWholeAndMapTextLegibleAt1400And800Pixels() throws IOException {
        assumeBrowser();
        List<Path> pages = pages();
        String check = resource("report/layout-check.js");
        // the driver is named outright, so Selenium Manager is never asked to find or fetch one
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=1400,1000");
        ChromeDriver driver = new ChromeDriver(service, options);
        // the same defect shows on many pages: each distinct one is listed once, with the first page that shows it
        Map<String, String> problems = new LinkedHashMap<>();
        try {
            for (int width : WIDTHS) {
                driver.manage().window().setSize(new Dimension(width, 1000));
                for (Path page : pages) {
                    driver.get(page.toUri().toString());
                    long inner = (Long) driver.executeScript("return window.innerWidth;");
                    assertEquals(width, inner, "the window is not as wide as asked");
                    Object found = ((JavascriptExecutor) driver).executeScript(check);
                    for (Object line : (List<?>) found) {
                        problems.putIfAbsent(width + " px: " + line, rendered.relativize(page).toString());
                    }
                }
            }
        } finally {
            driver.quit();
        }
        List<String> lines = new ArrayList<>();
        problems.forEach((problem, page) -> lines.add(problem + " (first in " + page + ")"));
        assertTrue(problems.isEmpty(), problems.size() + " distinct layout problem(s) over " + pages.size()
                + " pages:\n" + String.join("\n", lines.subList(0, Math.min(80, lines.size()))));
    }

    /** The example report folders, copied, and the HTML report of every corpus trace, written into the temp dir. */
    private List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("examples"))) {
            for (Path dir : s.filter(Files::isDirectory).sorted().toList()) {
                Path copy = rendered.resolve("examples-" + dir.getFileName() + ".html");
                Files.copy(dir.resolve(ReportWriter.HTML_FILE), copy);
                pages.add(copy);
            }
        }
        List<Path> traces = ReportBuilderTest.corpus();
        for (Path trace : traces) {
            Trace t = ((TraceReadResult.Accepted) TraceReader.read(trace)).trace();
            Replayer.Replay replay = Replayer.replay(t, Profiles.select(t.profile(), t.errata()).profile().orElseThrow());
            String name = trace.getParent().getFileName() + "-" + trace.getFileName().toString().replace(".yaml", ".html");
            Path page = rendered.resolve(name);
            Files.writeString(page, HtmlReport.render(ReportBuilder.of(replay)), StandardCharsets.UTF_8);
            pages.add(page);
        }
        for (Path trace : Mk2ReportsTest.corpus()) {
            Path page = rendered.resolve("mk2-" + trace.getParent().getFileName() + "-"
                + trace.getFileName().toString().replace(".yaml", ".html"));
            Files.writeString(page, HtmlReport.render(Mk2ReportsTest.model(trace)), StandardCharsets.UTF_8);
            pages.add(page);
        }
        return pages;
    }

    private static void assumeBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String message = "browser missing: " + CHROMIUM + " and " + CHROMEDRIVER + " (Debian chromium, chromium-driver)";
        if ("1".equals(System.getenv("MKSPEC_REQUIRE_ORACLES"))) {
            fail(message + ", and MKSPEC_REQUIRE_ORACLES=1 requires them");
        }
        Assumptions.assumeTrue(false, message + "; skipping (set MKSPEC_REQUIRE_ORACLES=1 to fail instead)");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReportLayoutInBrowserTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
