package mkspec.refinement;

import java.util.Set;
import mkspec.reference.Erratum;
import mkspec.reference.Profile;
import mkspec.spec.Bounds;
import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.spec.check.ModelChecker;
import org.junit.jupiter.api.Test;

class ThreadedScratchTest {
    static Bounds small(int threads) {
        return Bounds.defaults().with(java.util.List.of(new String[] {"instances", "1"}, new String[] {"edge-cases", "false"},
            new String[] {"fail-points", "false"}, new String[] {"notifier-faults", "false"}, new String[] {"plain-loads", "false"},
            new String[] {"segments", "1"}, new String[] {"stray-id", "0"}, new String[] {"cpus", "3"},
            new String[] {"pool-pages", "8"}, new String[] {"instance-pages", "4"}, new String[] {"threads", "" + threads}));
    }

    void run(String what, Bounds b, Profile p, boolean refine, Set<String> only, boolean reduce) {
        long t0 = System.nanoTime();
        CheckResult<?, ?, ?> r = ModelChecker.check(new ThreadedSystem(b, p, refine, only, reduce), CheckOptions.defaults().withCheckDeadlock(false).withMaxStates(Long.getLong("max", 2_000_000L)));
        System.out.println(what + ": " + r.getClass().getSimpleName() + " " + r.stats().distinctStates() + "/" + r.stats().statesGenerated() + " d" + r.stats().depth() + " " + (System.nanoTime() - t0) / 1e9 + " s");
        if (r instanceof CheckResult.Violated<?, ?, ?> v) {
            System.out.println("  " + v.invariantId() + " " + v.details());
            System.out.println("  " + v.trace().labels());
        }
    }

    public static void main(String[] a) {
        ThreadedScratchTest t = new ThreadedScratchTest();
        Bounds b = small(Integer.parseInt(a[1]));
        for (int i = 2; i < a.length; i++) {
            String[] kv = a[i].split("=");
            b = b.with(kv[0], kv[1]);
        }
        Profile p = a[0].equals("fixed") ? Profile.fixed() : a[0].equals("rfc-v2") ? Profile.rfcV2() : Profile.fixed().with(Erratum.D18);
        boolean refine = System.getProperty("refine") != null;
        boolean por = System.getProperty("por") != null;
        Set<String> only = System.getProperty("only") == null ? null : Set.of(System.getProperty("only").split(","));
        t.run(a[0] + " t" + a[1], b, p, refine, only, por);
    }

    @Test
    void scratch() {
        run("ref seq", small(1), Profile.fixed(), true, null, false);
        run("fixed t2 refine", small(2), Profile.fixed(), true, null, false);
        run("fixed+D18 t2", small(2), Profile.fixed().with(Erratum.D18), false, null, false);
        run("fixed+D18 t2 uaf", small(2), Profile.fixed().with(Erratum.D18), false, Set.of("no-use-after-free"), false);
        run("fixed+D18 t2 por", small(2), Profile.fixed().with(Erratum.D18), false, null, true);
        run("fixed t2 por", small(2), Profile.fixed(), false, null, true);
        run("fixed t2 nopor", small(2), Profile.fixed(), false, null, false);
    }
}
