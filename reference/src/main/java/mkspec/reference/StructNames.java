package mkspec.reference;

import java.util.Arrays;

/**
 * The canonical names of structs in one fingerprint: each struct is numbered (1, 2, ...) in the order the traversal
 * first reaches it, by identity, so that states differing only in struct addresses or allocation order hash alike.
 * A machine holds a handful of structs, so a scan of an array beats a hashed map; fingerprints are taken for every
 * transition the checker explores.
 */
public final class StructNames {
    private Object[] structs = new Object[8];
    private int size;

    /** The name of {@code struct}: the number it was given when first reached, or the next number now. */
    public int of(Object struct) {
        for (int n = 0; n < size; n++) {
            if (structs[n] == struct) {
                return n + 1;
            }
        }
        if (size == structs.length) {
            structs = Arrays.copyOf(structs, size * 2);
        }
        structs[size++] = struct;
        return size;
    }
}
