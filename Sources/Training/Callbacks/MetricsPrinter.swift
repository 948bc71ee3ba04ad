import Dispatch

/// Prints one plain line per epoch (epoch, train loss, valid loss, accuracy, error rate, time),
/// like fastai's results table; this is what CI logs show.
///
/// The train loss is the smoothed training loss at the end of the epoch, as fastai reports it;
/// `-` stands for a value the run does not have (no validation set, regression). A fit that was
/// cancelled ends with a `stopped: <reason>` line. Order `CallbackOrder.metricsPrinter`: after the
/// progress bar closed its line.
public final class MetricsPrinter: Callback {
    public let order = CallbackOrder.metricsPrinter
    public let isEnabled: Bool
    private let output: ConsoleOutput
    private let clock: () -> Double
    private var epochStart = 0.0

    /// The column titles, in order.
    public static let columns = ["epoch", "train_loss", "valid_loss", "accuracy", "error_rate", "time"]
    private static let widths = [7, 12, 12, 10, 12, 6]

    /// Prints to standard output unless `quiet`.
    public convenience init(quiet: Bool = false) {
        self.init(isEnabled: !quiet, output: .standardOutput)
    }

    /// Prints to `output` when `isEnabled`; `clock` gives seconds (tests inject one).
    public init(isEnabled: Bool, output: ConsoleOutput,
                clock: @escaping () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.isEnabled = isEnabled
        self.output = output
        self.clock = clock
    }

    public func beforeFit(_ learner: Learner) throws {
        guard isEnabled else { return }
        output.write(Self.row(Self.columns))
    }

    public func beforeEpoch(_ learner: Learner) throws {
        epochStart = clock()
    }

    public func afterEpoch(_ learner: Learner) throws {
        guard isEnabled else { return }
        let v = learner.validation
        output.write(Self.row([
            String(learner.epoch),
            ConsoleText.fixed(Double(learner.smoothLoss), 6),
            ConsoleText.fixed(v?.loss, 6),
            ConsoleText.fixed(v?.accuracy, 6),
            ConsoleText.fixed(v?.errorRate, 6),
            ConsoleText.duration(clock() - epochStart),
        ]))
    }

    public func afterFit(_ learner: Learner) throws {
        guard isEnabled else { return }
        if let c = learner.fitCancellation { output.write("stopped: \(c.reason)\n") }
        if let failure = learner.failure { output.write("failed: \(failure)\n") }
    }

    private static func row(_ cells: [String]) -> String {
        var line = ""
        for (cell, width) in zip(cells.dropLast(), widths) { line += ConsoleText.padded(cell, width) }
        return line + (cells.last ?? "") + "\n"
    }
}
