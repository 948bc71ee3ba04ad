/// Why a chart cannot be built or drawn; the description says what to change.
public enum ChartError: Error, Equatable, CustomStringConvertible {
    /// Parallel coordinate arrays of different lengths.
    case mismatchedLengths(element: String, counts: [Int])
    /// An explicit axis domain that the axis cannot show.
    case invalidDomain(axis: String, lower: Double, upper: Double, reason: String)
    /// A render size too small for the chart's layout.
    case sizeTooSmall(width: Int, height: Int, minimumWidth: Int, minimumHeight: Int)

    public var description: String {
        switch self {
        case let .mismatchedLengths(element, counts):
            let list = counts.map(String.init).joined(separator: ", ")
            return "\(element): coordinate arrays have different lengths (\(list)); "
                + "pass one value per point in each array"
        case let .invalidDomain(axis, lower, upper, reason):
            return "\(axis) axis: domain \(lower)...\(upper) cannot be shown (\(reason)); "
                + "pass finite bounds (positive ones on a log axis) or nil to fit the data"
        case let .sizeTooSmall(width, height, minimumWidth, minimumHeight):
            return "chart size \(width)x\(height) is too small; use at least "
                + "\(minimumWidth)x\(minimumHeight) pixels for this chart"
        }
    }
}
