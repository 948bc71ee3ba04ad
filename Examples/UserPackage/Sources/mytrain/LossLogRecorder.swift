import Recorders
import Training

/// A recorder of the user's own: `loss-log.tsv` in the run's folder, the iteration and raw
/// loss of every training batch, rewritten atomically at the end of every epoch and fit.
final class LossLogRecorder: Callback {
    /// With the built-in recorders: after the loss is computed, before a stopper ends the fit.
    var order: Int { CallbackOrder.recorder }
    let directory: RunDirectory
    private var lines = ["iteration\tloss"]

    init(directory: RunDirectory) {
        self.directory = directory
    }

    func afterLoss(_ learner: Learner) throws {
        guard learner.isTraining else { return }
        lines.append("\(learner.iteration)\t\(learner.loss)")
    }

    func afterEpoch(_ learner: Learner) throws { try write() }

    func afterFit(_ learner: Learner) throws { try write() }

    private func write() throws {
        try directory.write(lines.joined(separator: "\n") + "\n", to: "loss-log.tsv")
    }
}

/// Registers `LossLogRecorder` as `--record loss-log`.
struct LossLogRecorderFactory: RecorderFactory {
    var name: String { "loss-log" }
    var summary: String { "loss-log.tsv, iteration and loss per batch" }
    func makeRecorder(for run: RecorderContext) throws -> any Callback {
        LossLogRecorder(directory: run.directory)
    }
}
