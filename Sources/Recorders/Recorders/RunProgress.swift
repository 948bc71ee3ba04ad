import Training

/// Counts iterations and epochs across the fits of one run (fine-tuning fits twice: frozen,
/// then unfrozen), since the learner restarts its counters at every fit.
struct RunProgress {
    /// Fits that ended so far.
    private(set) var fitsDone = 0
    /// Training batches of the fits that ended.
    private(set) var iterationOffset = 0
    /// Epochs begun by the fits that ended.
    private(set) var epochOffset = 0
    /// Seconds taken by the fits that ended.
    private(set) var secondsOffset = 0.0
    private var lastFitEnded = true

    /// Whether a fit is the first of the run.
    var isFirstFit: Bool { fitsDone == 0 }

    /// The run-wide number of the learner's current iteration.
    func iteration(_ learner: Learner) -> Int { iterationOffset + learner.iteration }

    /// The run-wide number of the learner's current epoch.
    func epoch(_ learner: Learner) -> Int { epochOffset + learner.epoch }

    /// Seconds since the run's first fit began, not counting time between fits.
    func seconds(_ learner: Learner) -> Double { secondsOffset + learner.elapsedSeconds }

    /// Adds the fit that just ended (call once per `afterFit`; repeats are ignored until the
    /// next `beginFit`).
    mutating func endFit(_ learner: Learner) {
        guard !lastFitEnded else { return }
        lastFitEnded = true
        fitsDone += 1
        iterationOffset += learner.iteration
        epochOffset += learner.epochCount == 0 ? 0 : learner.epoch + 1
        secondsOffset += learner.elapsedSeconds
    }

    /// Marks the start of a fit.
    mutating func beginFit() {
        lastFitEnded = false
    }
}
