import ArtifactSchema
import LRFinder
import CurveAnalysis
import Foundation
import Recorders

/// Writes a sweep's group folder: `group.json`, `overlay.svg` and `lr-vs-batch-size.svg`, from
/// the completed runs as read back from their folders (`SweepMember`), so that a local sweep and
/// `SweepCollector` write the same files for the same runs.
enum SweepGroupWriter {
    struct Written {
        let directory: String
        let scaling: [SuggestionMethod: ScalingOutcome]
    }

    /// Writes the group of `sweep` from `members` (in the sweep's order); every file atomically.
    static func write(sweep: SweepJob, groupID: String, members: [SweepMember]) throws -> Written {
        let directory = try RunDirectory.create(in: sweep.base.outputDirectory, id: groupID, collision: .reuse)
        let scaling = fits(members)
        let overlay = SweepCharts.overlay(members: members, batchSizes: sweep.batchSizes, model: sweep.base.model)
        try directory.write(try overlay.renderSVG(), to: GroupFiles.overlay)
        let scalingChart = SweepCharts.scaling(fits: scaling, batchSizes: sweep.batchSizes, model: sweep.base.model)
        try directory.write(try scalingChart.renderSVG(), to: GroupFiles.scaling)
        let manifest = GroupManifest(id: groupID, model: sweep.base.model, batchSizes: sweep.batchSizes,
                                     seeds: sweep.seeds, runs: members.map(\.id),
                                     scaling: Dictionary(uniqueKeysWithValues: scaling.map { ($0.key.rawValue, $0.value) }))
        try directory.write(try manifest.jsonText(), to: GroupFiles.manifest)
        return Written(directory: directory.path, scaling: scaling)
    }

    /// Per method, the power law of the suggested learning rate against batch size, or why
    /// there is none.
    static func fits(_ members: [SweepMember]) -> [SuggestionMethod: ScalingOutcome] {
        var scaling: [SuggestionMethod: ScalingOutcome] = [:]
        for method in SuggestionMethod.allCases {
            let samples = members.compactMap { member in
                member.suggestions[method].map { ScalingSample(batchSize: member.batchSize, lr: $0) }
            }
            do { scaling[method] = .fitted(try ScalingFit(samples: samples)) } catch {
                scaling[method] = .unavailable(reason: String(describing: error))
            }
        }
        return scaling
    }
}
