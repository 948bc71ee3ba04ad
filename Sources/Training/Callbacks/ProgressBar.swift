import Dispatch

/// A one-line progress display on a terminal: epoch, batch k/n, smoothed loss and time left,
/// redrawn in place with `\r` at most `redrawsPerSecond` times a second, then one final line per
/// epoch with the validation metrics.
///
/// Draws only when enabled: by default when not quiet and standard error is a terminal, so logs
/// and pipes never receive carriage-return noise (`MetricsPrinter` serves those).
public final class ProgressBar: Callback {
    public let order = CallbackOrder.progress
    /// The bar counts training batches; `beforeValidate` still shows "validating".
    public let runsDuringValidation = false
    public let isEnabled: Bool
    private let output: ConsoleOutput
    private let minimumInterval: Double
    private let clock: () -> Double
    private var epochStart = 0.0
    private var lastDraw = -Double.infinity
    private var lineOpen = false

    /// A progress bar on standard error, shown unless `quiet` or standard error is not a terminal.
    public convenience init(quiet: Bool = false) {
        self.init(isEnabled: !quiet && ConsoleOutput.standardErrorIsTerminal, output: .standardError)
    }

    /// A progress bar writing to `output` when `isEnabled`; `clock` gives seconds (tests inject one).
    public init(isEnabled: Bool, output: ConsoleOutput, redrawsPerSecond: Double = 10,
                clock: @escaping () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.isEnabled = isEnabled
        self.output = output
        self.minimumInterval = 1 / redrawsPerSecond
        self.clock = clock
    }

    public func beforeEpoch(_ learner: Learner) throws {
        epochStart = clock()
        lastDraw = -.infinity
    }

    public func afterBatch(_ learner: Learner) throws {
        guard isEnabled, learner.isTraining else { return }
        let now = clock()
        let total = learner.iterationsPerEpoch
        let done = learner.batchIndex + 1
        guard now - lastDraw >= minimumInterval || done == total else { return }
        lastDraw = now
        let elapsed = now - epochStart
        let eta = elapsed / Double(done) * Double(total - done)
        draw("epoch \(learner.epoch + 1)/\(learner.epochCount)  batch \(done)/\(total)  "
             + "loss \(ConsoleText.fixed(Double(learner.smoothLoss), 4))  eta \(ConsoleText.duration(eta))")
    }

    public func beforeValidate(_ learner: Learner) throws {
        guard isEnabled else { return }
        draw("epoch \(learner.epoch + 1)/\(learner.epochCount)  validating")
    }

    public func afterEpoch(_ learner: Learner) throws {
        guard isEnabled else { return }
        let v = learner.validation
        var line = "epoch \(learner.epoch + 1)/\(learner.epochCount)  "
            + "train loss \(ConsoleText.fixed(Double(learner.smoothLoss), 4))"
        if let v {
            line += "  valid loss \(ConsoleText.fixed(Double(v.loss), 4))"
            if let accuracy = v.accuracy { line += "  accuracy \(ConsoleText.fixed(Double(accuracy), 4))" }
        }
        line += "  \(ConsoleText.duration(clock() - epochStart))"
        draw(line)
        endLine()
    }

    public func afterFit(_ learner: Learner) throws {
        guard isEnabled else { return }
        endLine()
    }

    private func draw(_ text: String) {
        output.write("\r\u{1B}[K" + text)
        lineOpen = true
    }

    private func endLine() {
        if lineOpen { output.write("\n") }
        lineOpen = false
    }
}
