package mkspec.traces.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class NumbersTest {

    private static String show(Parsed<?> parsed) {
        if (parsed instanceof Parsed.Value<?> v) {
            return String.valueOf(v.value());
        }
        return "invalid: " + ((Parsed.Invalid<?>) parsed).reason();
    }

    @ParameterizedTest(name = "size {0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "0            | 0",
        "4096         | 4096",
        "0x2000       | 8192",
        "0X2000       | 8192",
        "0xAbCdEf     | 11259375",
        "0x0001       | 1",
        "8K           | 8192",
        "8k           | 8192",
        "1M           | 1048576",
        "2m           | 2097152",
        "1G           | 1073741824",
        "64g          | 68719476736",
        "0K           | 0",
        "9223372036854775807 | 9223372036854775807",
        "0x7fffffffffffffff  | 9223372036854775807",
        "8589934591G  | 9223372035781033984",
    })
    void sizesInEveryAcceptedFormParseToTheirByteCount(String text, long bytes) {
        assertEquals(String.valueOf(bytes), show(Numbers.parseSize(text)));
    }

    @ParameterizedTest(name = "size ''{0}'' is rejected: {1}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
        "''                    | is empty",
        "-1                    | is negative",
        "-0x10                 | is negative",
        "+5                    | has a sign",
        "1.5                   | has a fraction",
        "1.5M                  | has a fraction",
        "0x1.8                 | has a fraction",
        "010                   | has a leading zero (octal is not supported)",
        "00                    | has a leading zero (octal is not supported)",
        "0x                    | has no hex digits after 0x",
        "0x1z                  | has a non-hex digit 'z'",
        "0x1g                  | has a K/M/G suffix on a hex number (write the size in decimal)",
        "0x10M                 | has a K/M/G suffix on a hex number (write the size in decimal)",
        "0x10k                 | has a K/M/G suffix on a hex number (write the size in decimal)",
        "2Q                    | has an unknown suffix 'Q' (use K, M or G)",
        "1MB                   | has an unknown suffix 'MB' (use K, M or G)",
        "1KiB                  | has an unknown suffix 'KiB' (use K, M or G)",
        "1e3                   | has an unknown suffix 'e3' (use K, M or G)",
        "1_000                 | has an unexpected '_'",
        "12 M                  | has an unexpected ' '",
        "M                     | is not a number",
        "web                   | is not a number",
        "' 1'                  | is not a number",
        "9223372036854775808   | is too large (the limit is 0x7fffffffffffffff)",
        "99999999999999999999999 | is too large (the limit is 0x7fffffffffffffff)",
        "0x8000000000000000    | is too large (the limit is 0x7fffffffffffffff)",
        "8589934592G           | is too large (the limit is 0x7fffffffffffffff)",
        "9007199254740992K     | is too large (the limit is 0x7fffffffffffffff)",
    })
    void malformedSizesAreRejectedWithAReason(String text, String reason) {
        assertEquals("invalid: " + reason, show(Numbers.parseSize(text)));
    }

    @Test
    void integersTakeDecimalAndHexButNoSuffix() {
        assertEquals("2", show(Numbers.parseInteger("2")));
        assertEquals("2047", show(Numbers.parseInteger("0x7ff")));
        assertEquals("invalid: has a size suffix (only sizes take K, M or G)", show(Numbers.parseInteger("1K")));
        assertEquals("invalid: has a K/M/G suffix on a hex number (write the size in decimal)",
                show(Numbers.parseInteger("0x1M")));
    }

    static Stream<Arguments> pools() {
        return Stream.of(
                Arguments.of("0x4000000@0x40000000", "Pool[size=67108864, address=1073741824]"),
                Arguments.of("64M@1G", "Pool[size=67108864, address=1073741824]"),
                Arguments.of("0@0", "Pool[size=0, address=0]"),
                Arguments.of("64M", "invalid: has no '@' between size and address"),
                Arguments.of("64M@1G@2G", "invalid: has more than one '@'"),
                Arguments.of("@1G", "invalid: has a size that is empty"),
                Arguments.of("64M@", "invalid: has an address that is empty"),
                Arguments.of("64.5M@1G", "invalid: has a size that has a fraction"),
                Arguments.of("64M@-1", "invalid: has an address that is negative"),
                Arguments.of("2G@0x7fffffffc0000000", "invalid: ends at or beyond 2^63"),
                Arguments.of("1G@0x7fffffffc0000000", "invalid: ends at or beyond 2^63"),
                Arguments.of("1G@0x7fffffff80000000", "Pool[size=1073741824, address=9223372034707292160]"));
    }

    @ParameterizedTest(name = "pool {0}")
    @MethodSource("pools")
    void poolsAreSizeAtAddressWithBothPartsSizes(String text, String expected) {
        assertEquals(expected, show(Numbers.parsePool(text)));
    }

    @ParameterizedTest(name = "{0} bytes are written {1}")
    @CsvSource(delimiter = '|', value = {
        "0          | 0",
        "1          | 1",
        "4095       | 4095",
        "4096       | 4K",
        "8192       | 8K",
        "12288      | 12K",
        "1048576    | 1M",
        "1049600    | 1025K",
        "3145728    | 3M",
        "1073741824 | 1G",
        "1073741825 | 1073741825",
        "9223372035781033984 | 8589934591G",
    })
    void sizesAreWrittenWithTheLargestExactSuffix(long bytes, String text) {
        assertEquals(text, Numbers.formatSize(bytes));
    }

    @Test
    void addressesAndPoolsAreWrittenInHex() {
        assertEquals("0x40000000", Numbers.formatHex(0x40000000L));
        assertEquals("0x0", Numbers.formatHex(0));
        assertEquals("64M@0x40000000", Numbers.formatPool(64L << 20, 1L << 30));
    }

    @Test
    void everyWrittenSizeAndHexReadsBackToItsValue() {
        Random random = new Random(20251018L);
        for (int i = 0; i < 5000; i++) {
            long value = switch (i % 4) {
                case 0 -> random.nextLong() & Long.MAX_VALUE;
                case 1 -> (random.nextInt(1 << 20) + 0L) << (10 * (1 + random.nextInt(3)));
                case 2 -> random.nextInt(100_000);
                default -> (random.nextLong() & Long.MAX_VALUE) >>> random.nextInt(63);
            };
            assertEquals(String.valueOf(value), show(Numbers.parseSize(Numbers.formatSize(value))), "size " + value);
            assertEquals(String.valueOf(value), show(Numbers.parseInteger(Numbers.formatHex(value))), "hex " + value);
        }
    }
}
