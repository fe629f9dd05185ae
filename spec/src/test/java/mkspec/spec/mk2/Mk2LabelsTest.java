package mkspec.spec.mk2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import mkspec.spec.mk2.action.Mk2Action;
import org.junit.jupiter.api.Test;

/** A label names its action exactly: parsing every catalogue label gives back the action, and a bad one says why. */
class Mk2LabelsTest {
    @Test
    void everyCatalogueLabelParsesBackToItsAction() {
        for (Mk2Bounds b : List.of(Mk2Bounds.defaults(), Mk2Bounds.defaults().with(List.of(new String[] {"instances", "3"},
            new String[] {"pool-pages", "9"}, new String[] {"instance-pages", "3"})))) {
            for (Mk2Action a : Mk2Catalogue.actions(b)) {
                assertEquals(a, Mk2Labels.parse(Mk2Labels.label(a)), Mk2Labels.label(a));
            }
        }
    }

    @Test
    void aLabelTheModelCannotTakeIsRefusedWithWhatIsWrong() {
        String[][] bad = {{"fly(id=1)", "unknown mk2 op 'fly'"}, {"kexec-file-load(pages=1)", "id= is missing"},
            {"kexec-file-load(id=1, pages=1, fail-at=disk)", "fail-at disk"}, {"reboot-multikernel(id=x)", "'x' is not a number"},
            {"reboot-multikernel(id=0x80000000)", "larger than 0x7fffffff"}, {"rmdir-tx(2)", "expected tx_N"},
            {"overlay-write(instance-create web)", "expected instance-create NAME"}, {"halted-work(now)", "takes no arguments"},
            {"kexec-file-unload", "expected op(arguments)"}, {"kexec-file-unload(id=1, id=2)", "id given twice"},
            {"overlay-write(instance-create b*3 id=1 pages=1 cpus=1)", "a repeated name is 65 to 1048576 characters"},
            {"spawn-instance-remove()", "id= is missing"}};
        for (String[] b : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mk2Labels.parse(b[0]), b[0]);
            assertTrue(e.getMessage().contains(b[1]), b[0] + ": " + e.getMessage());
        }
    }
}
