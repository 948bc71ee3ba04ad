import ArtifactSchema
import CurveAnalysis
import LRFinder
import NeuralNet
import TensorCore
import Training

/// Repeats a finished range test with nudged initial weights and collects how far each
/// suggestion and flag moves (run.json's `stability`).
public enum RangeTestStability {
    /// Runs `stability.reruns` more range tests on `learner` (whose model holds the run's initial
    /// weights again, as every range test restores it), re-run `i` from those weights moved by
    /// `WeightPerturbation.pattern(rerun: i, runSeed: seed, ...)`, and compares their findings
    /// with the run's own `baseline`.
    ///
    /// The learner should carry no recorders: re-runs write nothing. The weights are put back
    /// after each re-run. Returns nil when a re-run ends other than by its own rules (Ctrl-C,
    /// data that ran out), as the spread would then mix unlike curves.
    public static func measure(_ stability: StabilitySettings, rangeTest settings: RangeTestSettings, seed: UInt64,
                               learner: Learner, model: Sequential, baseline: RangeTestFindings) throws -> RunManifest.Stability? {
        try stability.validate()
        let start = model.parameters.map(\.value)
        var reruns: [RangeTestFindings] = []
        let interrupt = InterruptCheck()
        learner.add(interrupt)
        defer { learner.remove(interrupt) }
        for index in 1...stability.reruns {
            WeightPerturbation.pattern(rerun: index, runSeed: seed, ulps: stability.ulps).apply(to: model)
            let test = try LRRangeTest(settings: settings)
            let points: [RangeTestPoint]
            do {
                points = try test.run(on: learner)
            } catch {
                restore(start, into: model)
                throw error
            }
            restore(start, into: model)
            guard test.outcome?.endedByOwnRules ?? false else { return nil }
            reruns.append(RangeTestFindings(points: points, numIterations: settings.totalBatches))
        }
        return spread(baseline: baseline, reruns: reruns, ulps: stability.ulps)
    }

    /// The spread of the suggestions and flags of `reruns` around `baseline`.
    public static func spread(baseline: RangeTestFindings, reruns: [RangeTestFindings], ulps: Int) -> RunManifest.Stability {
        var suggestions: [String: RunManifest.Stability.ValueSpread] = [:]
        for method in SuggestionMethod.allCases {
            suggestions[method.rawValue] = .init(baseline: baseline.suggestions[method].lr,
                                                 values: reruns.map { $0.suggestions[method].lr })
        }
        var flags: [RunManifest.Stability.FlagSpread] = []
        for flag in RangeTestAnalysis.Flag.allCases {
            let inBaseline = baseline.analysis.flags.contains(flag)
            let count = reruns.filter { $0.analysis.flags.contains(flag) }.count
            let unanimous = inBaseline ? count == reruns.count : count == 0
            if !unanimous { flags.append(.init(flag: flag.rawValue, baseline: inBaseline, reruns: count)) }
        }
        let minimumLoss = RunManifest.Stability.ValueSpread(baseline: baseline.analysis.minimumLoss,
                                                            values: reruns.map(\.analysis.minimumLoss))
        return RunManifest.Stability(reruns: reruns.count, ulps: ulps, suggestions: suggestions, minimumLoss: minimumLoss,
                                     flags: flags)
    }

    private static func restore(_ values: [Tensor], into model: Sequential) {
        for (parameter, value) in zip(model.parameters, values) { parameter.value = value }
    }
}
