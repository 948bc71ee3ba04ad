/// A learner call given arguments it cannot work with.
public enum LearnerError: Error, Equatable, CustomStringConvertible {
    case negativeEpochs(Int)
    case learningRateCount(given: Int, groups: Int)
    case momentumCount(given: Int, groups: Int)
    case groupIndex(Int, groups: Int)

    public var description: String {
        switch self {
        case .negativeEpochs(let n):
            return "fit(epochs: \(n)): the number of epochs must be 0 or more"
        case .learningRateCount(let given, let groups):
            return "\(given) learning rates given for \(groups) parameter groups: pass one value per group "
                + "(or a single value for all groups)"
        case .momentumCount(let given, let groups):
            return "\(given) momentums given for \(groups) parameter groups: pass one value per group "
                + "(or a single value for all groups)"
        case .groupIndex(let index, let groups):
            return "parameter group \(index) does not exist: the optimizer has groups 0..<\(groups)"
        }
    }
}
