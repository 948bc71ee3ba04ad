/// The errors of one fit when more than one occurred: the one that ended it (if any), then those
/// callbacks threw while `afterFit` was published, in the order they were thrown.
///
/// `Learner.fit` throws a single error as itself; this type only appears when a second error
/// (typically a recorder that could not finish its file after the fit already failed) would
/// otherwise be lost. `Learner.failure` holds the first.
public struct FitFailure: Error, CustomStringConvertible {
    /// Every error, first the one that ended the fit.
    public let errors: [any Error]

    /// - Precondition: `errors` is not empty.
    public init(errors: [any Error]) {
        precondition(!errors.isEmpty, "a FitFailure needs at least one error")
        self.errors = errors
    }

    /// The error that ended the fit, or the first one thrown from `afterFit`.
    public var first: any Error { errors[0] }

    /// Each error in order, joined by "; and then: ". Successive file failures with one cause
    /// (a full disk fails every file a run writes) are said once for all their files, and an
    /// error that reads the same as an earlier one is not said again; `errors` still holds every
    /// one.
    public var description: String {
        var said: [String] = []
        var index = 0
        while index < errors.count {
            var text = String(describing: errors[index])
            if let file = errors[index] as? any FileFailure {
                var paths = [file.path]
                index += 1
                while index < errors.count, let next = errors[index] as? any FileFailure, file.sharesCause(with: next) {
                    if !paths.contains(next.path) { paths.append(next.path) }
                    index += 1
                }
                if paths.count > 1 { text = file.description(forPaths: paths) }
            } else {
                index += 1
            }
            if !said.contains(text) { said.append(text) }
        }
        return said.joined(separator: "; and then: ")
    }
}

/// An error about one file that other files can fail with for the same cause, as a full disk
/// fails every file a run writes, so that `FitFailure` names the files and says the cause once.
public protocol FileFailure: Error, CustomStringConvertible {
    /// The file that could not be written or read.
    var path: String { get }
    /// Whether `other` is the same attempt failing for the same reason, on whatever path.
    func sharesCause(with other: any FileFailure) -> Bool
    /// This failure said once for `paths` (its own path first).
    func description(forPaths paths: [String]) -> String
}
