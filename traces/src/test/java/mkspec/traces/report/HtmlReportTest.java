package mkspec.traces.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mkspec.traces.report.ReportModel.StepView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The HTML report: well-formed, self-contained, escaped, and showing what each step did and left behind. */
class HtmlReportTest {

    static List<ReportModel> models() {
        return ReportModels.all();
    }

    private static Element byId(Document page, String id) {
        for (Element e : Xml.elements(page, "*")) {
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        throw new AssertionError("no element with id " + id);
    }

    @ParameterizedTest
    @MethodSource("models")
    void theWholePageAndEachSvgInItAreWellFormedXml(ReportModel model) {
        String html = HtmlReport.render(model);

        Document page = Xml.parse(html);
        assertEquals("html", page.getDocumentElement().getLocalName());
        List<String> svgs = Xml.svgs(html);
        assertFalse(svgs.isEmpty());
        for (String svg : svgs) {
            assertEquals(MemoryMapSvg.SVG_NAMESPACE, Xml.parse(svg).getDocumentElement().getNamespaceURI());
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void thePageFetchesNothingAndRunsNoScript(ReportModel model) {
        String html = HtmlReport.render(model);

        assertEquals(html.replace("http://", "").length() + Xml.svgs(html).size() * "http://".length(), html.length(),
                "the only http:// is the SVG namespace, once per SVG");
        assertFalse(html.contains("https://"));
        assertFalse(html.toLowerCase().contains("<script"));
        assertFalse(html.toLowerCase().contains("<link"));
        assertFalse(html.contains("@import"));
        Matcher url = Pattern.compile("url\\(([^)]*)\\)").matcher(html);
        while (url.find()) {
            assertTrue(url.group(1).startsWith("#"), url.group());
        }
        for (Element e : Xml.elements(Xml.parse(html), "*")) {
            assertFalse(e.hasAttribute("src"), e.getTagName());
            if (e.hasAttribute("href")) {
                String href = e.getAttribute("href");
                // a data: address is the embedded trace, which nothing fetches
                assertTrue(href.startsWith("#") || href.equals("trace.yaml") || href.startsWith("data:text/yaml;"), href);
            }
        }
    }

    @Test
    void hostileTextIsShownAsTextAndNeverAsMarkup() {
        String html = HtmlReport.render(ReportModels.hostile());
        Document page = Xml.parse(html);

        for (String raw : List.of("<script", "<img", "<b>", "<br>", "<id>", "<u>", "<i>", "</pre><script", "\u0001",
                "\u202E")) {
            assertFalse(html.contains(raw), raw);
        }
        assertEquals(ReportModels.HOSTILE_NAME, Xml.elements(page, "h1").get(0).getTextContent());
        List<String> names = new ArrayList<>();
        Element firstTable = Xml.withClass(byId(page, "step-1"), "div", "tablewrap").get(1);
        for (Element row : Xml.elements(firstTable, "tr")) {
            names.add(Xml.elements(row, "td").isEmpty() ? "" : Xml.elements(row, "td").get(0).getTextContent());
        }
        assertEquals(List.of("", ReportModels.HOSTILE_NAME, ReportModels.PIPE_NAME, ReportModels.FENCE_NAME,
                "ev\\x01l\\u202egnp.exe"), names);
        Element dts = Xml.withClass(byId(page, "step-1"), "pre", "dts").get(0);
        assertTrue(dts.getTextContent().contains("\"</pre><script>alert(1)</script>\""), dts.getTextContent());
    }

    @Test
    void theHeaderShowsNameVerdictProfileAndMachine() {
        ReportModel model = ReportModels.threeStepViolation();
        Document page = Xml.parse(HtmlReport.render(model));

        String header = Xml.elements(page, "header").get(0).getTextContent();
        for (String shown : List.of(model.name(), model.verdict(), model.profile(), model.machine(),
                model.description().orElseThrow())) {
            assertTrue(header.contains(shown), shown);
        }
    }

    @Test
    void aBrokenInvariantIsShownWithItsStatementAndDetailsAtItsStep() {
        ReportModel model = ReportModels.threeStepViolation();
        Document page = Xml.parse(HtmlReport.render(model));

        Element step = byId(page, "step-3");
        assertEquals("step bad", step.getAttribute("class"));
        Element broken = Xml.withClass(step, "div", "broken").get(0);
        assertTrue(broken.getTextContent().contains("segments-inside-instance"));
        assertTrue(broken.getTextContent().contains(ReportModels.STATEMENTS.get("segments-inside-instance")));
        assertTrue(broken.getTextContent().contains("is not in db's memory 0x40100000-0x40200000"));
        assertTrue(Xml.withClass(step, "p", "differs").get(0).getTextContent().contains("expected ENOMEM"));
        assertTrue(Xml.withClass(step, "div", "refinement").get(0).getTextContent().contains("the spec refuses"));
        assertEquals("step ok", byId(page, "step-1").getAttribute("class"));
    }

    @Test
    void stepsWithNothingToSayKeepTheirStateFolded() {
        Document page = Xml.parse(HtmlReport.render(ReportModels.threeStepViolation()));

        Element quiet = Xml.withClass(byId(page, "step-2"), "details", "state").get(0);
        Element loud = Xml.withClass(byId(page, "step-3"), "details", "state").get(0);
        assertFalse(quiet.hasAttribute("open"));
        assertEquals("open", loud.getAttribute("open"));
    }

    @Test
    void theStripsCarriedLinkAndTheStillBrokenLineHaveClassesOfTheirOwn() {
        String html = HtmlReport.render(ReportModels.example());
        String css = html.substring(html.indexOf("<style>"), html.indexOf("</style>"));

        assertEquals(1, css.split("\\.carried\\b", -1).length - 1, "one rule for .carried, the strip's link");
        assertTrue(css.contains(".still-broken {"), css);
        Document page = Xml.parse(html);
        assertFalse(Xml.withClass(page, "p", "still-broken").isEmpty());
        assertEquals(List.of(), Xml.withClass(page, "p", "carried"));
    }

    @Test
    void aStateUnchangedSinceTheStepBeforeIsNotDrawnAgain() {
        ReportModel empty = ReportModels.emptyMap();
        StepView only = empty.steps().get(0);
        List<StepView> steps = List.of(only, ReportModels.step(2, "status", "ok", "ok", only.after()),
                ReportModels.step(3, "status", "ok", "ok", only.after()));
        ReportModel model = new ReportModel("same", Optional.empty(), "fixed", "m", "v", steps, empty.invariants());

        String html = HtmlReport.render(model);
        Document page = Xml.parse(html);

        assertEquals("State unchanged since step 1.",
                Xml.withClass(byId(page, "step-2"), "p", "unchanged").get(0).getTextContent());
        assertEquals(2, Xml.svgs(html).size(), "step 1, and step 3 as the last step");
    }

    @Test
    void aCrashIsFlaggedAndMarksOnlyTheStepThatCrashed() {
        ReportModel crash = ReportModels.crash();
        List<StepView> steps = new ArrayList<>(crash.steps());
        steps.add(ReportModels.step(4, "status", null, "crash", crash.steps().get(2).after()));
        ReportModel model = new ReportModel(crash.name(), crash.description(), crash.profile(), crash.machine(),
                crash.verdict(), steps, crash.invariants());

        Document page = Xml.parse(HtmlReport.render(model));

        List<String> flags = new ArrayList<>();
        for (Element flag : Xml.withClass(byId(page, "step-3"), "span", "flag")) {
            if (flag.getAttribute("class").equals("flag bad")) {
                flags.add(flag.getTextContent());
            }
        }
        assertEquals(List.of("FDT bytes read out of bounds: 4096", "crashed: BUG at kho restore: fdt read past buffer"),
                flags);
        assertEquals("step bad", byId(page, "step-3").getAttribute("class"));
        assertEquals("chip bad", Xml.withClass(byId(page, "step-3"), "span", "chip").get(0).getAttribute("class"));
        assertEquals("step ok", byId(page, "step-4").getAttribute("class"));
    }

    @Test
    void theHandoverFdtIsShownAsDtsInAPre() {
        Document page = Xml.parse(HtmlReport.render(ReportModels.crash()));

        Element dts = Xml.withClass(byId(page, "step-3"), "pre", "dts").get(0);
        assertEquals(ReportModels.HANDOVER_DTS, dts.getTextContent());
    }

    @Test
    void theRebootLockHeldIsFlagged() {
        Document page = Xml.parse(HtmlReport.render(ReportModels.example()));

        List<String> flags = new ArrayList<>();
        for (Element flag : Xml.withClass(byId(page, "step-5"), "span", "flag")) {
            flags.add(flag.getTextContent());
        }
        assertTrue(flags.contains("reboot lock: held"), flags.toString());
    }
}
