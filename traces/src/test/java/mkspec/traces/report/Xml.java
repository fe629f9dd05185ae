package mkspec.traces.report;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Parses report markup with the JDK's XML parser, which fails on anything not well-formed. */
final class Xml {

    private static final Pattern SVG = Pattern.compile("<svg\\b.*?</svg>", Pattern.DOTALL);

    private Xml() {
    }

    /** The document {@code text} parses to; an {@link AssertionError} naming the parser's complaint if it fails. */
    static Document parse(String text) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setExpandEntityReferences(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (ParserConfigurationException | SAXException | java.io.IOException e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage(), e);
        }
    }

    /** Every {@code <svg>...</svg>} element in {@code html}, as text. */
    static List<String> svgs(String html) {
        List<String> found = new ArrayList<>();
        Matcher m = SVG.matcher(html);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    /** Every element named {@code name} under {@code root}, in document order. */
    static List<Element> elements(Node root, String name) {
        NodeList list = root instanceof Document document
                ? document.getElementsByTagNameNS("*", name) : ((Element) root).getElementsByTagNameNS("*", name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    /** The elements named {@code name} that carry attribute {@code attribute}. */
    static List<Element> withAttribute(Node root, String name, String attribute) {
        List<Element> out = new ArrayList<>();
        for (Element e : elements(root, name)) {
            if (e.hasAttribute(attribute)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The elements named {@code name} whose {@code class} attribute lists {@code cssClass}. */
    static List<Element> withClass(Node root, String name, String cssClass) {
        List<Element> out = new ArrayList<>();
        for (Element e : elements(root, name)) {
            if (List.of(e.getAttribute("class").split(" ")).contains(cssClass)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The text of the {@code <title>} child of {@code e}, or "". */
    static String title(Element e) {
        for (Element t : elements(e, "title")) {
            if (t.getParentNode() == e) {
                return t.getTextContent();
            }
        }
        return "";
    }
}
