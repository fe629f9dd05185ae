package mkspec.traces.format;

import java.util.ArrayList;
import java.util.List;
import mkspec.traces.format.DeviceTreeSource;
import mkspec.traces.format.InstanceSpec;
import mkspec.traces.format.LoadTarget;
import mkspec.traces.format.Numbers;
import mkspec.traces.format.SegmentSpec;
import mkspec.traces.format.Step;

/** A trace step on one line, in the trace's own words (without its expectation). */
public final class StepText {
    private StepText() {
    }

    public static String of(Step s) {
        String op = s.op().word();
        return s.accept(new Step.Cases<>() {
            public String uploadDeviceTree(Step.UploadDeviceTree u) {
                String tree = u.tree().accept(new DeviceTreeSource.Cases<>() {
                    public String instances(DeviceTreeSource.Instances list) {
                        List<String> is = new ArrayList<>();
                        for (InstanceSpec i : list.instances()) {
                            is.add(instance(i));
                        }
                        return "instances: [" + String.join(", ", is) + "]";
                    }

                    public String dtb(DeviceTreeSource.Dtb d) {
                        return "dtb: <" + d.length() + " bytes>";
                    }
                });
                return op + " " + tree + u.writeChunk().map(c -> " write-chunk: " + c).orElse("");
            }

            public String mkdir(Step.Mkdir d) {
                return op + " name: " + d.name();
            }

            public String rmdir(Step.Rmdir d) {
                return op + " name: " + d.name();
            }

            public String status(Step.Status st) {
                return op;
            }

            public String kexecFileLoad(Step.KexecFileLoad l) {
                return op + " " + target(l.target()) + " segments: " + segments(l.segments())
                    + l.failAt().map(f -> " fail-at: " + f.word()).orElse("");
            }

            public String kexecFileLoadDefault(Step.KexecFileLoadDefault l) {
                return op + " segments: " + segments(l.segments());
            }

            public String kexecFileUnload(Step.KexecFileUnload u) {
                return op + u.id().map(i -> " id: " + i).orElse("");
            }

            public String rebootMultikernel(Step.RebootMultikernel r) {
                return op + " id: " + r.id() + (r.badPointer() ? " bad-pointer: true" : "")
                    + r.failAt().map(f -> " fail-at: " + f.word()).orElse("");
            }

            public String rebootOther(Step.RebootOther r) {
                return op;
            }

            public String spawnedBoot(Step.SpawnedBoot b) {
                return op + " id: " + b.id();
            }

            public String hostReuseFreedPages(Step.HostReuseFreedPages h) {
                return op;
            }
        });
    }

    /** A load's target as its key in a trace: {@code id: 1}, or {@code flags: 0x...}. */
    static String target(LoadTarget t) {
        return t.accept(new LoadTarget.Cases<>() {
            public String byId(LoadTarget.ById byId) {
                return "id: " + byId.id();
            }

            public String rawFlags(LoadTarget.RawFlags raw) {
                return "flags: " + Numbers.formatHex(raw.flags());
            }
        });
    }

    static String instance(InstanceSpec i) {
        List<String> f = new ArrayList<>();
        i.name().ifPresent(n -> f.add("name: " + n));
        i.id().ifPresent(n -> f.add("id: " + n));
        i.cpus().ifPresent(c -> f.add("cpus: " + c));
        i.memoryBytes().ifPresent(m -> f.add("memory-bytes: " + Numbers.formatSize(m)));
        return "{" + String.join(", ", f) + "}";
    }

    static String segments(List<SegmentSpec> segs) {
        List<String> out = new ArrayList<>();
        for (SegmentSpec s : segs) {
            if (s.isBareSize()) {
                out.add(Numbers.formatSize(s.size()));
            } else {
                List<String> f = new ArrayList<>();
                f.add("size: " + Numbers.formatSize(s.size()));
                s.align().ifPresent(a -> f.add("align: " + Numbers.formatSize(a)));
                s.min().ifPresent(a -> f.add("min: " + Numbers.formatHex(a)));
                s.max().ifPresent(a -> f.add("max: " + Numbers.formatHex(a)));
                out.add("{" + String.join(", ", f) + "}");
            }
        }
        return "[" + String.join(", ", out) + "]";
    }
}
