package mkspec.traces.format;

import java.util.List;
import java.util.Optional;

/**
 * A YAML value with the position it starts at: the located tree the trace decoder reads, since Jackson's own
 * tree ({@code JsonNode}) forgets where its nodes were.
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    /** Where the value starts (for a block map, its first key). */
    Position position();

    /** The value as a message shows it after "found": {@code a map}, {@code a list}, {@code 'text'}, ... */
    String describe();

    /**
     * Whether decoders stay silent about the value: an alias, or a tagged or anchored scalar, that the tree builder
     * reported already. A tagged or anchored map or list is reported too, but what it holds is still decoded.
     */
    boolean unsupported();

    /** {@code c}'s case for this value. */
    <R> R accept(Cases<R> c);

    /** One case per kind of value, so that a handler is exhaustive by construction. */
    interface Cases<R> {
        R scalar(Scalar s);

        R mapping(Mapping m);

        R sequence(Sequence s);
    }

    /**
     * A scalar, by its text as written (quoting removed), so that {@code 0x10}, {@code 1M} and {@code "1M"} all
     * reach the number grammar unchanged.
     *
     * @param text        the scalar's text; empty for {@code key:} with no value
     * @param isNull      YAML null ({@code ~} or {@code null})
     * @param unsupported an alias or tagged value, already reported; decoders stay silent about it
     */
    record Scalar(String text, boolean isNull, boolean unsupported, Position position) implements YamlNode {

        @Override
        public String describe() {
            if (isNull) {
                return "null";
            }
            return text.isEmpty() ? "nothing" : quote(text);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.scalar(this);
        }
    }

    /**
     * One {@code key: value} of a map.
     *
     * @param key         the key's text
     * @param keyPosition where the key starts
     * @param value       the value
     */
    record Entry(String key, Position keyPosition, YamlNode value) {
    }

    /**
     * A map, keys in the order written, each key once (the tree builder reports and drops repeats).
     *
     * @param entries the entries
     */
    record Mapping(List<Entry> entries, Position position) implements YamlNode {

        /** The entry for {@code key}, if the map has one. */
        Optional<Entry> get(String key) {
            return entries.stream().filter(e -> e.key().equals(key)).findFirst();
        }

        @Override
        public String describe() {
            return entries.isEmpty() ? "an empty map" : "a map";
        }

        @Override
        public boolean unsupported() {
            return false; // its entries are still decoded
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.mapping(this);
        }
    }

    /**
     * A list.
     *
     * @param items the items, in order
     */
    record Sequence(List<YamlNode> items, Position position) implements YamlNode {

        @Override
        public String describe() {
            return items.isEmpty() ? "an empty list" : "a list";
        }

        @Override
        public boolean unsupported() {
            return false; // its items are still decoded
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.sequence(this);
        }
    }

    /** Quotes trace text for a message: single quotes, control characters escaped, long text cut at 40. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < text.length(); i++) {
            if (shown == 40) {
                out.append("...");
                break;
            }
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
            shown++;
        }
        return out.append('\'').toString();
    }
}
