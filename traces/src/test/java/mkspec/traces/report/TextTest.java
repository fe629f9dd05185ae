package mkspec.traces.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The shared text rules: sizes, addresses, visible control characters, and each escape. */
class TextTest {

    @Test
    void sizesUseTheLargestExactSuffix() {
        assertEquals("4K", Text.size(4096));
        assertEquals("1M", Text.size(1L << 20));
        assertEquals("64M", Text.size(64L << 20));
        assertEquals("1028K", Text.size(1028L << 10));
        assertEquals("3G", Text.size(3L << 30));
        assertEquals("512B", Text.size(512));
        assertEquals("0B", Text.size(0));
    }

    @Test
    void sizesTooLongToReadExactlyAreRoundedWithATilde() {
        assertEquals("~3.0G", Text.size((3L << 30) + 4096));
        assertEquals("~9.8K", Text.size(10_001));
    }

    @Test
    void addressesAreLowerCaseHexReadAsUnsigned() {
        assertEquals("0x40000000", Text.hex(0x4000_0000L));
        assertEquals("0xffffffffffffffff", Text.hex(-1));
    }

    @Test
    void controlAndBidiCharactersBecomeVisibleEscapes() {
        assertEquals("a\\x01b\\u202ec\\x0a", Text.oneLine("a\u0001b\u202Ec\n"));
        assertEquals("a\nb\tc\nd", Text.multiLine("a\r\nb\tc\rd"));
        assertEquals("x\uFFFDy", Text.oneLine("x\uD800y"));
        assertEquals("\uD83D\uDE00", Text.oneLine("\uD83D\uDE00"));
    }

    @Test
    void htmlEscapesTheFiveMarkupCharacters() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", Text.html("<a href=\"x\">&'"));
    }

    @Test
    void markdownProseEscapesEverythingThatCouldBecomeMarkup() {
        assertEquals("\\<b\\> a\\|b \\`x\\` \\*y\\* \\[z\\]", Text.markdown("<b> a|b `x` *y* [z]"));
        assertEquals("\\- item", Text.markdown("- item"));
        assertEquals("1\\. item", Text.markdown("1. item"));
        assertEquals("\\# heading", Text.markdown("# heading"));
    }

    @Test
    void aCodeSpanIsFencedLongerThanAnyBacktickRunInside() {
        assertEquals("`web`", Text.markdownCode("web", false));
        assertEquals("```` ``` ````", Text.markdownCode("```", false));
        assertEquals("``a`b``", Text.markdownCode("a`b", false));
        assertEquals("`` `a ``", Text.markdownCode("`a", false));
        assertEquals("`a\\|b`", Text.markdownCode("a|b", true));
        assertEquals("`a|b`", Text.markdownCode("a|b", false));
    }

    @Test
    void aCodeBlockFenceIsLongerThanAnyRunInTheBlock() {
        assertEquals("```", Text.markdownFence("no ticks"));
        assertEquals("`````", Text.markdownFence("a\n````\nb"));
        assertEquals("```", Text.markdownFence("``"));
    }
}
