/// The columns of `metrics.csv`: one row per training batch.
///
/// The standard columns come first; with more than one parameter group one `lr_<group>` column
/// per group follows (`groupLearningRate`), then columns that components add (the range test's
/// `valid_loss`).
public enum MetricsColumns {
    /// Training batches done before this one, from 0.
    public static let iteration = "iteration"
    /// The epoch the batch belongs to, from 0.
    public static let epoch = "epoch"
    /// The learning rate of the last parameter group (the head).
    public static let learningRate = "lr"
    /// The momentum (or Adam's beta1) of the last parameter group.
    public static let momentum = "momentum"
    /// The batch's loss.
    public static let loss = "loss"
    /// The exponentially smoothed training loss.
    public static let smoothLoss = "smooth_loss"
    /// The validation loss after the batch (range tests in validation mode).
    public static let validLoss = "valid_loss"

    /// The columns every `metrics.csv` starts with, in order.
    public static let standard = [iteration, epoch, learningRate, momentum, loss, smoothLoss]

    /// The column of one parameter group's learning rate; `groupColumnName` is already reduced
    /// to `[a-z0-9_]`.
    public static func groupLearningRate(_ groupColumnName: String) -> String {
        "lr_" + groupColumnName
    }
}

/// The columns of `epochs.csv`: one row per epoch; empty cells mean no value.
public enum EpochsColumns {
    public static let epoch = "epoch"
    /// The smoothed training loss at the end of the epoch.
    public static let trainLoss = "train_loss"
    public static let validLoss = "valid_loss"
    public static let accuracy = "accuracy"
    public static let errorRate = "error_rate"
    /// The epoch's wall time.
    public static let seconds = "seconds"

    /// Every column, in order.
    public static let all = [epoch, trainLoss, validLoss, accuracy, errorRate, seconds]
}
