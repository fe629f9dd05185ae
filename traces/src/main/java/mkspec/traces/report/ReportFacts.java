package mkspec.traces.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mkspec.traces.report.ReportModel.Broken;
import mkspec.traces.report.ReportModel.MemoryMap;
import mkspec.traces.report.ReportModel.StepView;

/**
 * What both report layouts read off a model the same way: which steps have something to say, where the host
 * crashed, which invariants broke where, and the order regions are listed in.
 */
final class ReportFacts {

    private ReportFacts() {
    }

    /**
     * Whether the report shows the state after the step at {@code position}: it broke an invariant, differed from
     * its expectation or from the spec, crashed the host, or ended the trace.
     */
    static boolean hasSomethingToSay(ReportModel model, int position) {
        StepView step = model.steps().get(position);
        return !step.broken().isEmpty() || step.differs().isPresent() || !step.refinement().isEmpty()
                || crashedHere(model, position) || position == model.steps().size() - 1;
    }

    /** Whether the host crashed at the step at {@code position}, rather than at an earlier one. */
    static boolean crashedHere(ReportModel model, int position) {
        return model.steps().get(position).after().crashed().isPresent()
                && (position == 0 || model.steps().get(position - 1).after().crashed().isEmpty());
    }

    /** Every invariant some step broke, in the order first broken, with the steps that broke it. */
    static Map<String, List<Integer>> brokenBy(ReportModel model) {
        Map<String, List<Integer>> stepsById = new LinkedHashMap<>();
        for (StepView step : model.steps()) {
            for (Broken broken : step.broken()) {
                List<Integer> steps = stepsById.computeIfAbsent(broken.id(), id -> new ArrayList<>());
                if (!steps.contains(step.index())) {
                    steps.add(step.index());
                }
            }
        }
        return stepsById;
    }

    /** The statement of invariant {@code id}, or a note that the model gave none. */
    static String statement(ReportModel model, String id) {
        String statement = model.invariants().get(id);
        return statement != null ? statement : "(no statement given for this invariant)";
    }

    /** Region indexes ordered by start address, then by index. */
    static List<Integer> byAddress(MemoryMap map) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < map.regions().size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(i -> map.regions().get(i).start()).thenComparingInt(i -> i));
        return order;
    }
}
