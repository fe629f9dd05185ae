package mkspec.properties.fdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mkspec.properties.runner.Action;
import mkspec.properties.runner.Check;
import mkspec.properties.runner.Gen;
import mkspec.properties.runner.Model;
import mkspec.properties.runner.PropertyCheck;
import mkspec.properties.runner.RunResult;
import mkspec.properties.runner.Settings;
import mkspec.properties.runner.Verdict;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtTree;
import mkspec.reference.fdt.FdtView;
import org.junit.jupiter.api.Test;

/**
 * Device trees through the writer and back: random trees are written with libfdt's sequential
 * layout and parse back equal; random damage to a valid blob is either rejected with a libfdt error
 * or still parses into a tree that writes back and parses again; nothing throws and nothing reads
 * outside the blob.
 */
class FdtRoundTripPropertiesTest {

    /** A session: the blobs made so far and the last verdict. */
    static final class Blobs {
        Verdict last = Verdict.holds();
        int parsed;
        int rejected;
    }

    static Gen<String> name() {
        return Gen.listOf(Gen.oneOf('a', 'b', 'c', 'x', '-', '0', '9', ','), 1, 8)
            .map(cs -> {
                StringBuilder b = new StringBuilder();
                for (char c : cs) {
                    b.append(c);
                }
                return b.toString();
            })
            .withEdgeCases(0.2, List.of("resources", "id", "cpus", "memory-bytes", "a@1"));
    }

    static Gen<FdtTree.Property> property() {
        Gen<byte[]> value = Gen.listOf(Gen.ints(0, 255), 0, 40).map(l -> {
            byte[] b = new byte[l.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (int) l.get(i);
            }
            return b;
        });
        return source -> new FdtTree.Property(name().generate(source), value.generate(source));
    }

    static Gen<FdtTree.Node> node(int depth) {
        return source -> {
            List<FdtTree.Property> props = Gen.listOf(property(), 0, 4).generate(source);
            List<FdtTree.Node> kids = depth == 0 ? List.of() : Gen.listOf(node(depth - 1), 0, 3).generate(source);
            return new FdtTree.Node(name().generate(source), props, kids);
        };
    }

    static Gen<FdtTree> tree() {
        return source -> {
            FdtTree.Node root = node(3).generate(source);
            return new FdtTree(List.of(), new FdtTree.Node("", root.properties(), root.children()));
        };
    }

    /** One damage to a blob: a byte set, a length cut, a word overwritten. */
    record Damage(int kind, int at, int value) {
    }

    static Gen<Damage> damage() {
        return source -> new Damage(Gen.ints(0, 2).generate(source), Gen.ints(0, 1 << 16).generate(source),
            Gen.ints(0, 255).generate(source));
    }

    static byte[] apply(byte[] blob, Damage d) {
        int at = d.at() % Math.max(blob.length, 1);
        if (d.kind() == 0) {
            byte[] b = blob.clone();
            b[at] = (byte) d.value();
            return b;
        }
        if (d.kind() == 1) {
            return Arrays.copyOf(blob, at);
        }
        byte[] b = blob.clone();
        for (int i = at & ~3; i < Math.min(b.length, (at & ~3) + 4); i++) {
            b[i] = (byte) (d.value() * 0x11);
        }
        return b;
    }

    @Test
    void treesWrittenAndReadBackAreEqualAndDamageIsRejectedCleanly() {
        Action<Blobs, FdtTree> roundTrip = Action.<Blobs, FdtTree>of("round-trip", s -> tree(), (s, t) -> {
            FdtTree.ParseResult p = FdtTree.parse(t.toBlob());
            s.last = p instanceof FdtTree.Parsed && ((FdtTree.Parsed) p).tree().equals(t) ? Verdict.holds()
                : Verdict.violated("round-trip", "wrote " + t + ", read back " + p);
            s.parsed++;
            return "ok";
        });
        Action<Blobs, Object[]> damaged = Action.<Blobs, Object[]>of("damage", s -> source -> new Object[] {
            tree().generate(source), Gen.listOf(damage(), 1, 3).generate(source)}, (s, args) -> {
                byte[] blob = ((FdtTree) args[0]).toBlob();
                @SuppressWarnings("unchecked")
                List<Damage> ds = (List<Damage>) args[1];
                for (Damage d : ds) {
                    blob = apply(blob, d);
                }
                FdtView v = FdtView.of(blob);
                int full = FdtRo.fdt_check_full(v, blob.length);
                FdtTree.ParseResult p = FdtTree.parse(blob);
                boolean agree = (full == 0) == (p instanceof FdtTree.Parsed);
                boolean inBounds = !v.readOutOfBounds();
                boolean rewrites = true;
                if (p instanceof FdtTree.Parsed) {
                    FdtTree t = ((FdtTree.Parsed) p).tree();
                    FdtTree.ParseResult again = FdtTree.parse(t.toBlob());
                    rewrites = again instanceof FdtTree.Parsed && ((FdtTree.Parsed) again).tree().equals(t);
                    s.parsed++;
                } else {
                    s.rejected++;
                }
                s.last = agree && inBounds && rewrites ? Verdict.holds()
                    : Verdict.violated("damage", "check_full " + full + ", parse " + p + ", in bounds " + inBounds + ", rewrites " + rewrites);
                return p instanceof FdtTree.Parsed ? "parsed" : "rejected";
            });
        Check<Blobs> last = s -> s.last;
        List<Action<Blobs, ?>> actions = new ArrayList<>();
        actions.add(roundTrip);
        actions.add(damaged.withWeight(3));
        Settings settings = Settings.named("fdt-round-trip").withSeed(0xfd7L).withTries(200).withMaxSteps(10);
        RunResult.Passed passed = PropertyCheck.assertHolds(settings, Model.of(Blobs::new, actions, List.of(last)));
        assertTrue(passed.statistics().action("damage").count("rejected") > 0, "damage never made a blob invalid");
        assertTrue(passed.statistics().action("damage").count("parsed") > 0, "damage always made a blob invalid");
        assertEquals(200, passed.statistics().tries());
    }
}
