import ArtifactSchema
import CurveAnalysis
import Foundation

/// Builds a sweep's group folder from the runs on disk, however they were run (one process,
/// shards on several machines, a Slurm array), exactly as a local sweep of the same runs does.
///
/// It only reads run folders and writes the group's own files, each atomically, so it may run
/// while shards are still running: runs not completed yet are left out and listed.
public enum SweepCollector {
    /// Reads the plan in `groupFolder` (see `SweepPlan.read(from:)`) and collects it.
    public static func collect(groupFolder: String) throws -> SweepCollection {
        try collect(try SweepPlan.read(from: groupFolder))
    }

    /// Writes the group of `plan` from its completed runs and lists the others.
    public static func collect(_ plan: SweepPlan) throws -> SweepCollection {
        let states = plan.runStates()
        let members = states.compactMap(\.member)
        let written = try SweepGroupWriter.write(sweep: plan.sweep, groupID: plan.groupID, members: members)
        return SweepCollection(plan: plan, states: states, groupDirectory: written.directory, scaling: written.scaling)
    }
}

/// What `SweepCollector` found and wrote.
public struct SweepCollection: Sendable {
    public let plan: SweepPlan
    /// Per run of the plan, in its order.
    public let states: [SweepRunState]
    public let groupDirectory: String
    /// Per suggestion method: the fitted power law of lr against batch size, or why there is none.
    public let scaling: [SuggestionMethod: ScalingOutcome]

    /// The completed runs, which group.json lists, in the sweep's order.
    public var members: [SweepMember] { states.compactMap(\.member) }

    /// The runs not completed, with their states.
    public var incomplete: [(run: SweepPlan.Run, state: SweepRunState)] {
        zip(plan.runs, states).filter { $0.1.member == nil }.map { ($0.0, $0.1) }
    }
}
