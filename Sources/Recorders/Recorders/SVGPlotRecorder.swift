import ArtifactSchema
import Charts
import Training

/// Writes `plot.svg`: loss against learning rate (log axis) for LR range tests, loss against
/// iteration otherwise, each with the raw batch loss faint and the smoothed loss bold.
///
/// The plot is rewritten atomically after every epoch and at the end of the fit (which also
/// follows an interruption or failure), from the points collected so far. Later fits with the
/// same recorder add to the same plot (fine-tuning), iterations counted on.
///
/// This recorder is the only writer of `plot.svg`. A component that knows more about the run
/// than the points (the LR range test runner marks its suggestions) sets `chartProvider`, and
/// its chart is what gets written, at the same moments.
public final class SVGPlotRecorder: Callback {
    /// What the plot shows.
    public enum Style: Sendable {
        /// Loss against the head's learning rate on a log10 axis (range tests).
        case lossAgainstLR
        /// Smoothed training loss against iteration, with validation loss after each epoch.
        case lossAgainstIteration
    }

    public let order = CallbackOrder.recorder
    /// Points come from training batches; validation losses arrive in `afterValidate`.
    public let runsDuringValidation = false
    public let directory: RunDirectory
    public let style: Style
    /// The chart title; empty for none.
    public var title: String
    /// Per training batch: iteration, learning rate of the last group, raw and smoothed loss.
    public private(set) var batches: [(iteration: Int, lr: Double, loss: Double, smoothLoss: Double)] = []
    /// Per validation pass: the iterations done so far and the validation loss.
    public private(set) var validations: [(iteration: Int, loss: Double)] = []
    /// Draws the chart written to `plot.svg` instead of `chart()` when set; it receives this
    /// recorder (so it can start from `chart()` or read `batches`). An error it throws is
    /// rethrown, naming the file, from the event that writes the plot.
    public var chartProvider: ((SVGPlotRecorder) throws -> Chart)?
    private var progress = RunProgress()

    public init(directory: RunDirectory, style: Style, title: String? = nil) {
        self.directory = directory
        self.style = style
        self.title = title ?? (style == .lossAgainstLR ? "Loss against learning rate" : "Training loss")
    }

    public func beforeFit(_ learner: Learner) throws {
        if progress.isFirstFit {
            batches = []
            validations = []
        }
        progress.beginFit()
    }

    public func afterLoss(_ learner: Learner) throws {
        guard learner.isTraining else { return }
        batches.append((progress.iteration(learner), Double(learner.learningRates.last ?? .nan),
                        Double(learner.loss), Double(learner.smoothLoss)))
    }

    public func afterValidate(_ learner: Learner) throws {
        guard let validation = learner.validation else { return }
        validations.append((progress.iteration(learner), Double(validation.loss)))
    }

    public func afterEpoch(_ learner: Learner) throws {
        try write()
    }

    public func afterFit(_ learner: Learner) throws {
        progress.endFit(learner)
        try write()
    }

    /// Renders the chart of the points so far (or `chartProvider`'s) and atomically replaces `plot.svg`.
    public func write() throws {
        let svg: String
        do {
            svg = try (chartProvider?(self) ?? chart()).renderSVG()
        } catch {
            throw ArtifactError(path: directory.path(for: RunFiles.plot), operation: "draw",
                                detail: String(describing: error))
        }
        try directory.write(svg, to: RunFiles.plot)
    }
}
