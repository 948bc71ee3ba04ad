/// The places of the built-in callbacks in `Callback.order`, and why each sits where it does.
///
/// Lower runs first at every event. What matters is the order within one event: who sets a
/// value before who reads it, who records a batch before who ends the fit after it, and who
/// writes the run's final status after every other file is finished. A callback of your own
/// takes `standard` or a place relative to these (`CallbackOrder.recorder + 1`).
public enum CallbackOrder {
    /// -20, `InterruptHandler` and `InterruptCheck`: they turn a caught signal into a fit
    /// cancellation in `beforeBatch` before anything prepares the batch, so an interrupted batch
    /// never starts (and is never recorded half-done).
    public static let interrupt = -20
    /// -10, `ParameterScheduler`: sets the learning rates and momentums in `beforeFit` and
    /// `beforeBatch` before any other callback reads or records them.
    public static let schedule = -10
    /// 0, the default: user callbacks that change the batch or the learner's state, after the
    /// schedules and before everything that records.
    public static let standard = 0
    /// 50, the CSV, JSON-events, SVG-plot and TensorBoard recorders: after the callbacks that change a batch's
    /// values, and before the stoppers below end the fit in `afterBatch`, so the last batch of a
    /// stopped fit is still recorded.
    public static let recorder = 50
    /// 90, `TerminateOnNonFinite` and `StopAfter`: check the finished batch in `afterBatch`
    /// after the recorders saw it.
    public static let stopper = 90
    /// 95, the LR range test: sets its ladder's rates in `beforeBatch` after any schedule (the
    /// ladder wins), and applies its stop rules in `afterBatch` after the recorders and the
    /// stoppers saw the batch. Its `afterFit` records how it ended before the manifest's.
    public static let rangeTest = 95
    /// 98, `ManifestRecorder`: after every callback that can end the fit or writes a file, so
    /// that when its `afterFit` writes the final status into `run.json`, the other artifacts are
    /// finished and every other callback has settled how the fit ended.
    public static let manifest = 98
    /// 100, `ProgressBar`: draws after every batch is recorded; only the console sees it.
    public static let progress = 100
    /// 110, `MetricsPrinter`: prints its epoch lines after the progress bar closed its line.
    public static let metricsPrinter = 110
}
