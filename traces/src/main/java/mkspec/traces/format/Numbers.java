package mkspec.traces.format;

/**
 * The number grammar of traces: integers, sizes and the pool's {@code size@address}, read and written.
 *
 * <p>The grammar, decided here once for every numeric field:
 * <ul>
 *   <li>An <b>integer</b> is decimal ({@code 0} or digits without a leading zero) or hexadecimal ({@code 0x} or
 *       {@code 0X} followed by hex digits of either case). No sign, no underscores, no fractions, no leading zero
 *       on a decimal ({@code 010} is rejected rather than guessed as octal or decimal). The value must fit in a
 *       signed 64-bit long, so it is at most {@code 0x7fffffffffffffff}.</li>
 *   <li>A <b>size</b> is an integer, or a decimal integer followed by one suffix {@code K}, {@code M} or {@code G}
 *       (1024, 1024², 1024³ bytes). Lower case {@code k}, {@code m}, {@code g} are accepted too, as the kernel's
 *       {@code memparse} (which reads {@code mkkernel_pool=}) accepts them. A suffix on a hex number is rejected:
 *       {@code 0x10M} is unambiguous to a machine but easy to misread, and hex is meant for exact byte values.</li>
 *   <li>A <b>pool</b> is {@code size@address}, both parts sizes ({@code 64M@1G}, {@code 0x4000000@0x40000000}),
 *       and the pool must end below 2^63 (its last byte is
 *       at most {@code 0x7ffffffffffffffe}).</li>
 * </ul>
 * Written back, sizes use the largest exact suffix ({@code 1M}, {@code 8K}, else decimal) and addresses use hex.
 */
public final class Numbers {

    private static final long K = 1024L;
    private static final long M = K * 1024;
    private static final long G = M * 1024;

    private Numbers() {
    }

    /** Parses an integer: decimal or {@code 0x} hex, non-negative, no suffix. */
    public static Parsed<Long> parseInteger(String text) {
        return parse(text, false);
    }

    /** Parses a size: an integer, or a decimal integer with a K/M/G suffix (either case). */
    public static Parsed<Long> parseSize(String text) {
        return parse(text, true);
    }

    /** A pool region as written after {@code mkkernel_pool=}. */
    public record Pool(long size, long address) {
    }

    /** Parses {@code size@address}, both parts {@linkplain #parseSize sizes}. */
    public static Parsed<Pool> parsePool(String text) {
        int at = text.indexOf('@');
        if (at < 0) {
            return new Parsed.Invalid<>("has no '@' between size and address");
        }
        if (text.indexOf('@', at + 1) >= 0) {
            return new Parsed.Invalid<>("has more than one '@'");
        }
        return parseSize(text.substring(0, at)).accept(new Parsed.Cases<>() {
            public Parsed<Pool> invalid(Parsed.Invalid<Long> bad) {
                return new Parsed.Invalid<>("has a size that " + bad.reason());
            }

            public Parsed<Pool> value(Parsed.Value<Long> size) {
                return parseSize(text.substring(at + 1)).accept(new Parsed.Cases<>() {
                    public Parsed<Pool> invalid(Parsed.Invalid<Long> bad) {
                        return new Parsed.Invalid<>("has an address that " + bad.reason());
                    }

                    public Parsed<Pool> value(Parsed.Value<Long> address) {
                        long s = size.value();
                        long a = address.value();
                        if (a > Long.MAX_VALUE - s) {
                            return new Parsed.Invalid<>("ends at or beyond 2^63");
                        }
                        return new Parsed.Value<>(new Pool(s, a));
                    }
                });
            }
        });
    }

    /** Writes a size with the largest suffix that is exact ({@code 2M}, {@code 12K}), else in decimal. */
    public static String formatSize(long value) {
        requireNonNegative(value);
        if (value != 0 && value % G == 0) {
            return value / G + "G";
        }
        if (value != 0 && value % M == 0) {
            return value / M + "M";
        }
        if (value != 0 && value % K == 0) {
            return value / K + "K";
        }
        return Long.toString(value);
    }

    /** Writes a value in lower-case hex with {@code 0x}, the style for addresses and flags. */
    public static String formatHex(long value) {
        requireNonNegative(value);
        return "0x" + Long.toHexString(value);
    }

    /** Writes a pool as {@code size@address}: the size as a size, the address in hex. */
    public static String formatPool(long size, long address) {
        return formatSize(size) + "@" + formatHex(address);
    }

    private static void requireNonNegative(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("trace numbers are non-negative: " + value);
        }
    }

    private static Parsed<Long> parse(String text, boolean suffixAllowed) {
        if (text.isEmpty()) {
            return new Parsed.Invalid<>("is empty");
        }
        char first = text.charAt(0);
        if (first == '-') {
            return new Parsed.Invalid<>("is negative");
        }
        if (first == '+') {
            return new Parsed.Invalid<>("has a sign");
        }
        if (!isDecimalDigit(first)) {
            return new Parsed.Invalid<>("is not a number");
        }
        if (text.length() > 1 && first == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
            return parseHex(text);
        }
        int end = 0;
        while (end < text.length() && isDecimalDigit(text.charAt(end))) {
            end++;
        }
        if (first == '0' && end > 1) {
            return new Parsed.Invalid<>("has a leading zero (octal is not supported)");
        }
        String rest = text.substring(end);
        long multiplier = 1;
        if (!rest.isEmpty()) {
            if (rest.charAt(0) == '.') {
                return new Parsed.Invalid<>("has a fraction");
            }
            long unit = unitOf(rest);
            if (unit == 0) {
                return Character.isLetter(rest.charAt(0))
                        ? new Parsed.Invalid<>("has an unknown suffix '" + rest + "' (use K, M or G)")
                        : new Parsed.Invalid<>("has an unexpected '" + rest.charAt(0) + "'");
            }
            if (!suffixAllowed) {
                return new Parsed.Invalid<>("has a size suffix (only sizes take K, M or G)");
            }
            multiplier = unit;
        }
        long value = 0;
        for (int i = 0; i < end; i++) {
            int digit = text.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return tooLarge();
            }
            value = value * 10 + digit;
        }
        if (value > Long.MAX_VALUE / multiplier) {
            return tooLarge();
        }
        return new Parsed.Value<>(value * multiplier);
    }

    private static Parsed<Long> parseHex(String text) {
        if (text.length() == 2) {
            return new Parsed.Invalid<>("has no hex digits after 0x");
        }
        long value = 0;
        for (int i = 2; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = hexDigit(c);
            if (digit < 0) {
                if (unitOf(text.substring(i)) != 0) {
                    return new Parsed.Invalid<>("has a K/M/G suffix on a hex number (write the size in decimal)");
                }
                if (c == '.') {
                    return new Parsed.Invalid<>("has a fraction");
                }
                return new Parsed.Invalid<>("has a non-hex digit '" + c + "'");
            }
            if (value > (Long.MAX_VALUE >>> 4)) {
                return tooLarge();
            }
            value = (value << 4) | digit;
        }
        return new Parsed.Value<>(value);
    }

    private static Parsed<Long> tooLarge() {
        return new Parsed.Invalid<>("is too large (the limit is 0x7fffffffffffffff)");
    }

    /** The multiplier of a one-letter size suffix, or 0 if {@code suffix} is not one. */
    private static long unitOf(String suffix) {
        if (suffix.length() != 1) {
            return 0;
        }
        switch (suffix.charAt(0)) {
            case 'K': case 'k': return K;
            case 'M': case 'm': return M;
            case 'G': case 'g': return G;
            default: return 0;
        }
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isDecimalDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
