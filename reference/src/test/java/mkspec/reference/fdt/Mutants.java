package mkspec.reference.fdt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutants of valid blobs for the mutation test against libfdt: every case is a pure function of the seed
 * and its number, so a failing case can be made again from those two alone.
 */
final class Mutants {

    /** The kinds of damage a mutant can carry; a case carries one to three. */
    enum Kind {
        BIT_FLIP, INTERESTING_BYTES, TRUNCATION, EXTENSION, HEADER_LIE, PROPERTY_LIE, TOKEN_SWAP, LOST_TERMINATOR,
        MISALIGNMENT, VERSION
    }

    /** A mutant: its bytes, the base it came from and what was done to it. */
    record Mutant(byte[] bytes, int base, List<Kind> kinds) {
    }

    /** A valid blob to mutate, with where its structure tokens are (offsets into the structure block). */
    record Base(String origin, byte[] bytes, int[] tokens, int[] tags) {

        static Base of(String origin, byte[] bytes) {
            List<int[]> t = Blobs.tokens(bytes);
            int[] offsets = new int[t.size()];
            int[] tags = new int[t.size()];
            for (int i = 0; i < t.size(); i++) {
                offsets[i] = t.get(i)[0];
                tags[i] = t.get(i)[1];
            }
            return new Base(origin, bytes, offsets, tags);
        }

        int offStruct() {
            return Blobs.get(bytes, Libfdt.OFF_OFF_DT_STRUCT);
        }

        /** The structure offset of a random token with this tag, or -1 if there is none. */
        int tokenOf(Random r, int tag) {
            int n = 0;
            for (int t : tags) {
                n += t == tag ? 1 : 0;
            }
            if (n == 0) {
                return -1;
            }
            int k = r.nextInt(n);
            for (int i = 0; i < tags.length; i++) {
                if (tags[i] == tag && k-- == 0) {
                    return tokens[i];
                }
            }
            throw new AssertionError("unreachable");
        }
    }

    private static final int[] INTERESTING_WORDS = {
        0, 1, 2, 3, 4, 8, 9, 16, 17, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000,
        0xffffffff, 0xfffffffe, 0xfffffffc, 0xfffffff8, 0xfffffff0, Libfdt.FDT_MAGIC, Libfdt.FDT_SW_MAGIC,
    };

    private static final int[] INTERESTING_BYTES = {0, 1, 0x7f, 0x80, 0xff, '/', '@', 'a'};

    private Mutants() {
    }

    /** Case number {@code index} of the run seeded {@code seed}. */
    static Mutant make(long seed, long index, List<Base> bases) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + index);
        int base = r.nextInt(bases.size());
        Base b = bases.get(base);
        byte[] bytes = b.bytes().clone();
        int n = r.nextInt(10) < 7 ? 1 : 2 + r.nextInt(2);
        List<Kind> kinds = new ArrayList<>(n);
        Kind[] all = Kind.values();
        for (int i = 0; i < n; i++) {
            Kind k = all[r.nextInt(all.length)];
            kinds.add(k);
            bytes = apply(k, bytes, b, r);
        }
        return new Mutant(bytes, base, List.copyOf(kinds));
    }

    private static byte[] apply(Kind kind, byte[] b, Base base, Random r) {
        return switch (kind) {
            case BIT_FLIP -> bitFlip(b, base, r);
            case INTERESTING_BYTES -> interestingBytes(b, base, r);
            case TRUNCATION -> truncation(b, base, r);
            case EXTENSION -> extension(b, base, r);
            case HEADER_LIE -> headerLie(b, base, r);
            case PROPERTY_LIE -> propertyLie(b, base, r);
            case TOKEN_SWAP -> tokenSwap(b, base, r);
            case LOST_TERMINATOR -> lostTerminator(b, base, r);
            case MISALIGNMENT -> misalignment(b, base, r);
            case VERSION -> version(b, base, r);
        };
    }

    /** One to four bits flipped anywhere. */
    private static byte[] bitFlip(byte[] b, Base base, Random r) {
        if (b.length > 0) {
            for (int i = 1 + r.nextInt(4); i > 0; i--) {
                int at = r.nextInt(b.length);
                b[at] ^= (byte) (1 << r.nextInt(8));
            }
        }
        return b;
    }

    /** A word or byte that means something to libfdt (a token, a magic, a boundary) written anywhere. */
    private static byte[] interestingBytes(byte[] b, Base base, Random r) {
        if (b.length >= 4 && r.nextBoolean()) {
            Blobs.put(b, r.nextInt(b.length / 4) * 4, INTERESTING_WORDS[r.nextInt(INTERESTING_WORDS.length)]);
        } else if (b.length > 0) {
            b[r.nextInt(b.length)] = (byte) INTERESTING_BYTES[r.nextInt(INTERESTING_BYTES.length)];
        }
        return b;
    }

    /** Cut anywhere, or just short of the end, where only the last token or string is cut. */
    private static byte[] truncation(byte[] b, Base base, Random r) {
        // anywhere, or just short of the end, where only the last token or string is cut
        int len = r.nextBoolean() ? r.nextInt(b.length + 1) : Math.max(0, b.length - 1 - r.nextInt(8));
        return Arrays.copyOf(b, len);
    }

    /** Bytes appended, zeros or random, with or without the header owning them. */
    private static byte[] extension(byte[] b, Base base, Random r) {
        byte[] e = Arrays.copyOf(b, b.length + 1 + r.nextInt(64));
        if (r.nextBoolean()) {
            for (int i = b.length; i < e.length; i++) {
                e[i] = (byte) r.nextInt(256);
            }
        }
        if (r.nextBoolean()) {
            Blobs.put(e, Libfdt.OFF_TOTALSIZE, e.length); // the header owns the new bytes
        }
        return e;
    }

    /** A header field set to an edge of the blob or its blocks, or any value. */
    private static byte[] headerLie(byte[] b, Base base, Random r) {
        int field = Blobs.HEADER_FIELDS[r.nextInt(Blobs.HEADER_FIELDS.length)];
        int was = Blobs.get(b, field);
        int[] choices = {0, 1, 27, 28, 32, 36, 39, 40, 47, 48, b.length - 1, b.length, b.length + 1,
            b.length + 64, was + 4, was - 4, was + 1, was - 1, was + 8, -1, Integer.MAX_VALUE,
            Integer.MIN_VALUE, r.nextInt(), r.nextInt(b.length + 1), base.offStruct(),
            Blobs.get(b, Libfdt.OFF_OFF_DT_STRINGS)};
        Blobs.put(b, field, choices[r.nextInt(choices.length)]);
        return b;
    }

    /** A property's length (negative ones included) or name offset changed. */
    private static byte[] propertyLie(byte[] b, Base base, Random r) {
        int t = base.tokenOf(r, Libfdt.FDT_PROP);
        if (t < 0) {
            return b;
        }
        int at = base.offStruct() + t + 4 + (r.nextInt(3) == 0 ? 4 : 0); // length, or name offset
        int was = Blobs.get(b, at);
        int value;
        switch (r.nextInt(5)) {
            case 0:
                // -1 to -11 step forward inside the property; -12 loops in 1.6.1, kept rare (it is slow
                // to label: the child runs out its CPU limit)
                value = r.nextInt(40) == 0 ? -12 : -1 - r.nextInt(11);
                break;
            case 1:
                value = was + (r.nextBoolean() ? 1 : -1) * (1 + r.nextInt(8));
                break;
            case 2:
                value = INTERESTING_WORDS[r.nextInt(INTERESTING_WORDS.length)];
                break;
            case 3:
                value = r.nextInt(64);
                break;
            default:
                value = -16 - r.nextInt(64);
                break;
        }
        Blobs.put(b, at, value);
        return b;
    }

    /** Two structure tokens swapped, or one replaced by another tag. */
    private static byte[] tokenSwap(byte[] b, Base base, Random r) {
        int[] t = base.tokens();
        int i = base.offStruct() + t[r.nextInt(t.length)];
        if (r.nextBoolean()) {
            int j = base.offStruct() + t[r.nextInt(t.length)];
            int wi = Blobs.get(b, i);
            Blobs.put(b, i, Blobs.get(b, j));
            Blobs.put(b, j, wi);
        } else {
            int[] tags = {0, 1, 2, 3, 4, 5, 8, 9, 10};
            Blobs.put(b, i, tags[r.nextInt(tags.length)]);
        }
        return b;
    }

    /** FDT_END, the root's END_NODE, a name's or string's NUL, or the reservation map's last entry lost. */
    private static byte[] lostTerminator(byte[] b, Base base, Random r) {
        // the base's strings block: an earlier mutation of this case may have made the header lie
        int offStrings = Blobs.get(base.bytes(), Libfdt.OFF_OFF_DT_STRINGS);
        int sizeStrings = Blobs.get(base.bytes(), Libfdt.OFF_SIZE_DT_STRINGS);
        switch (r.nextInt(5)) {
            case 0: { // FDT_END
                int[] t = base.tokens();
                Blobs.put(b, base.offStruct() + t[t.length - 1], r.nextBoolean() ? Libfdt.FDT_NOP : 0);
                break;
            }
            case 1: { // the root's FDT_END_NODE
                int[] t = base.tokens();
                if (t.length >= 2) {
                    Blobs.put(b, base.offStruct() + t[t.length - 2], Libfdt.FDT_NOP);
                }
                break;
            }
            case 2: { // a node name's NUL
                int t = base.tokenOf(r, Libfdt.FDT_BEGIN_NODE);
                if (t >= 0) {
                    int at = base.offStruct() + t + 4;
                    while (at < b.length && b[at] != 0) {
                        at++;
                    }
                    if (at < b.length) {
                        b[at] = 'z';
                    }
                }
                break;
            }
            case 3: { // a string's NUL in the strings block
                if (sizeStrings > 0 && offStrings >= 0 && (long) offStrings + sizeStrings <= b.length) {
                    int at = offStrings + r.nextInt(sizeStrings);
                    while (at < offStrings + sizeStrings - 1 && b[at] != 0) {
                        at++;
                    }
                    b[at] = 'q';
                }
                break;
            }
            default: { // the reservation map's terminating entry
                FdtView v = FdtView.of(base.bytes());
                int end = FdtRo.fdt_off_mem_rsvmap(v) + 16 * Math.max(0, FdtRo.fdt_num_mem_rsv(v));
                Blobs.put(b, end + 12, 1 + r.nextInt(100));
                break;
            }
        }
        return b;
    }

    /** A block offset moved by one to three bytes, or bytes inserted inside the structure block. */
    private static byte[] misalignment(byte[] b, Base base, Random r) {
        if (r.nextBoolean()) {
            int[] fields = {Libfdt.OFF_OFF_DT_STRUCT, Libfdt.OFF_OFF_DT_STRINGS, Libfdt.OFF_OFF_MEM_RSVMAP};
            int f = fields[r.nextInt(fields.length)];
            Blobs.put(b, f, Blobs.get(b, f) + (r.nextBoolean() ? 1 : -1) * (1 + r.nextInt(3)));
            return b;
        }
        // bytes inserted inside the structure block, the header following them: later tokens are unaligned
        int[] t = base.tokens();
        int at = Math.min(b.length, base.offStruct() + t[r.nextInt(t.length)] + r.nextInt(4));
        int n = 1 + r.nextInt(3);
        byte[] out = new byte[b.length + n];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at, out, at + n, b.length - at);
        for (int field : new int[] {Libfdt.OFF_TOTALSIZE, Libfdt.OFF_SIZE_DT_STRUCT}) {
            Blobs.put(out, field, Blobs.get(out, field) + n);
        }
        for (int field : new int[] {Libfdt.OFF_OFF_DT_STRINGS, Libfdt.OFF_OFF_MEM_RSVMAP}) {
            if (Integer.compareUnsigned(Blobs.get(out, field), at) >= 0) {
                Blobs.put(out, field, Blobs.get(out, field) + n);
            }
        }
        return out;
    }

    /** Version and last compatible version drawn from 1-17 (rarely beyond). */
    private static byte[] version(byte[] b, Base base, Random r) {
        int version = 1 + r.nextInt(17);
        int choice = r.nextInt(4);
        if (choice != 1) {
            Blobs.put(b, Libfdt.OFF_VERSION, r.nextInt(20) == 0 ? 18 + r.nextInt(3) : version);
        }
        if (choice != 0) {
            // a last compatible version at or below the version, as a real old blob has, or any
            int last = choice == 3 ? 1 + r.nextInt(17) : 1 + r.nextInt(Math.max(1, Math.min(version, 17)));
            Blobs.put(b, Libfdt.OFF_LAST_COMP_VERSION, last);
        }
        return b;
    }
}
