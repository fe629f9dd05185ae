package mkspec.refinement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import mkspec.reference.machine.DeviceTrees;
import mkspec.reference.machine.InstanceConfig;
import mkspec.reference.machine.MachineConfig;
import mkspec.spec.Labels;
import mkspec.spec.action.Action;

/**
 * A spec action as a call the reference can run: the inverse of the abstraction on the catalogue. Every call but an
 * upload is its action; an upload's nodes become bytes, through the instance-list writer where a node has that form,
 * else through {@link EdgeDtbs}. {@code CatalogueConcretizationTest} holds that the fixed kernel reads the bytes back
 * as the action.
 */
public final class Concretization {
    private Concretization() {
    }

    /**
     * The command of {@code a} on a machine like {@code c}, labelled as the spec labels it (an upload by what its
     * bytes read as, which {@code CatalogueConcretizationTest} holds to be {@code a}).
     *
     * @throws IllegalArgumentException for an upload with no concrete tree here: several write() calls that are not a
     *     tree's leading bytes, an unreadable blob, a node without a name or resources, or a per-instance DTB size no
     *     {@code bootargs} length gives
     */
    public static Command of(Action a, MachineConfig c) {
        if (!(a instanceof Action.UploadDeviceTree u)) {
            return Command.of(a, Labels.label(a));
        }
        if (u.writes().size() != 1) {
            throw new IllegalArgumentException("an upload of several write() calls has no concrete tree here");
        }
        return u.writes().get(0).accept(new Action.DeviceTree.Cases<>() {
            public Command unreadable(Action.Unreadable t) {
                throw new IllegalArgumentException("an unreadable upload has no concrete tree here: " + t);
            }

            public Command prefix(Action.Prefix p) {
                return Command.upload(blob(p.tree()), (int) p.count(), c);
            }

            public Command nodes(Action.Nodes n) {
                return Command.upload(blob(n), 0, c);
            }
        });
    }

    /** The bytes of a tree: the instance-list writer's when every node has that form, else one node's raw tree. */
    public static byte[] blob(Action.Nodes tree) {
        List<InstanceConfig> list = new ArrayList<>();
        for (Action.Node n : tree.nodes()) {
            if (!hasListForm(n)) {
                if (tree.nodes().size() != 1) {
                    throw new IllegalArgumentException("node " + n.name() + " has no instance-list form and is not alone");
                }
                return EdgeDtbs.of(n);
            }
            list.add(config(n));
        }
        return DeviceTrees.multikernelDtb(list);
    }

    /** Whether the instance-list writer writes exactly this node: 4-byte cells, resources, no other property. */
    public static boolean hasListForm(Action.Node n) {
        if (n.name() == null || (n.idLen() >= 0 && n.idLen() != 4) || (n.memLen() >= 0 && n.memLen() != 4)
            || (n.cpusLen() >= 0 && n.cpusLen() % 4 != 0) || !n.hasResources()) {
            return false;
        }
        return n.dtb().equals(new Action.Built(EdgeDtbs.plainSize(n)));
    }

    private static InstanceConfig config(Action.Node n) {
        return new InstanceConfig(Optional.of(n.name()), n.idLen() == 4 ? OptionalLong.of(n.id()) : OptionalLong.empty(),
            n.cpusLen() >= 0 ? Optional.of(n.cpus()) : Optional.empty(),
            n.memLen() == 4 ? OptionalLong.of(n.memValue()) : OptionalLong.empty());
    }
}
