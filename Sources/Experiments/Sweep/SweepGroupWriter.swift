import ArtifactSchema
import LRFinder
import CurveAnalysis
import Foundation
import Recorders

/// Writes a sweep's group folder: `group.json`, `overlay.svg` and `lr-vs-batch-size.svg`.
enum SweepGroupWriter {
    struct Written {
        let directory: String
        let scaling: [SuggestionMethod: ScalingOutcome]
    }

    static func write(sweep: SweepJob, groupID: String, runs: [RangeTestRun]) throws -> Written {
        let directory = try RunDirectory.create(in: sweep.base.outputDirectory, id: groupID, collision: .reuse)
        var scaling: [SuggestionMethod: ScalingOutcome] = [:]
        for method in SuggestionMethod.allCases {
            let samples = runs.compactMap { run in
                run.findings.suggestions[method].lr.map { ScalingSample(batchSize: run.batchSize, lr: $0) }
            }
            do { scaling[method] = .fitted(try ScalingFit(samples: samples)) } catch {
                scaling[method] = .unavailable(reason: String(describing: error))
            }
        }
        let overlay = SweepCharts.overlay(runs: runs, batchSizes: sweep.batchSizes, model: sweep.base.model)
        try directory.write(try overlay.renderSVG(), to: GroupFiles.overlay)
        let scalingChart = SweepCharts.scaling(fits: scaling, batchSizes: sweep.batchSizes, model: sweep.base.model)
        try directory.write(try scalingChart.renderSVG(), to: GroupFiles.scaling)
        let manifest = GroupManifest(id: groupID, model: sweep.base.model, batchSizes: sweep.batchSizes,
                                     seeds: sweep.seeds, runs: runs.map(\.id),
                                     scaling: Dictionary(uniqueKeysWithValues: scaling.map { ($0.key.rawValue, $0.value) }))
        try directory.write(try manifest.jsonText(), to: GroupFiles.manifest)
        return Written(directory: directory.path, scaling: scaling)
    }
}
