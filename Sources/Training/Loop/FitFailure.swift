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

    /// Each error in order, joined by "; and then: ". An error that reads the same as an earlier
    /// one (a recorder failing on the same file again when the fit ends, say) is said once;
    /// `errors` still holds every one.
    public var description: String {
        var said: [String] = []
        for error in errors {
            let text = String(describing: error)
            if !said.contains(text) { said.append(text) }
        }
        return said.joined(separator: "; and then: ")
    }
}
