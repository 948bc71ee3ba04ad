import ArtifactSchema
import CurveAnalysis
import Training

/// A recorder that also stores what a run's owner learns once the fits are over: a range
/// test's suggestions and analysis, and the run's final status.
///
/// The experiment runners call these on every selected recorder that adopts the protocol,
/// after the last fit of a run; a recorder of a user's own may adopt it too.
public protocol RunOutcomeRecording: AnyObject {
    /// A range test's suggestions (the ones that exist) and its analysis in words.
    func recordRangeTestResults(_ suggestions: LRSuggestions, analysis: String) throws
    /// The run's final status; called once, after its last fit.
    func recordRunEnd(status: RunStatus) throws
}

extension RecorderSet {
    /// The selected recorders that store run outcomes.
    public var outcomeRecorders: [any RunOutcomeRecording] {
        recorders.compactMap { $0 as? any RunOutcomeRecording }
    }
}

extension TensorBoardRecorder: RunOutcomeRecording {}

/// `tensorboard`: TensorBoard event files under `tensorboard/`, for TensorBoard's scalars,
/// text and HParams tabs.
public struct TensorBoardRecorderFactory: RecorderFactory {
    public init() {}
    public var name: String { "tensorboard" }
    public var summary: String { "tensorboard/events.out.tfevents.*, for TensorBoard (scalars, text, hparams)" }
    public func makeRecorder(for run: RecorderContext) throws -> any Callback {
        TensorBoardRecorder(directory: run.directory, info: run.info)
    }
}
