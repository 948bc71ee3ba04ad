/// Reads torch-lr-finder's history, `{"lr": […], "loss": […]}`, as `json.dump(lr_finder.history, f)`
/// saves it.
///
/// torch-lr-finder stores the smoothed loss (its `smooth_f` average) in `loss`, so the values
/// become the curve's `losses` as they are, without smoothing again; there is no raw loss.
/// Values may be `NaN`, `Infinity` and `-Infinity` (Python's spelling) or `null` (read as NaN).
/// Other members are ignored.
public enum LRFinderHistoryReader {
    /// Parses the history JSON in `bytes`; `source` names it in errors.
    public static func parse(_ bytes: [UInt8], source: String) throws -> RecordedCurve {
        let json: HistoryJSON
        do {
            json = try HistoryJSON.parse(bytes)
        } catch let failure as HistoryJSON.Failure {
            throw CurveFileError("\(source):\(failure.line)", "not valid JSON: \(failure.message)")
        }
        guard case .object(let members) = json else {
            throw CurveFileError(source, "expected a JSON object with `lr` and `loss` arrays, as torch-lr-finder's history")
        }
        let names = members.map(\.key).joined(separator: ", ")
        func series(_ name: String) throws -> [Float] {
            guard let value = json[name] else {
                throw CurveFileError(source, "no `\(name)` member (the object has \(names.isEmpty ? "none" : names)); "
                    + "expected torch-lr-finder's history {\"lr\": […], \"loss\": […]}")
            }
            guard case .array(let elements) = value else {
                throw CurveFileError(source, "`\(name)` is not an array of numbers")
            }
            return try elements.enumerated().map { index, element in
                switch element {
                case .number(let number): return Float(number)
                case .null: return .nan
                default: throw CurveFileError(source, "`\(name)`[\(index)] is not a number")
                }
            }
        }
        let lrs = try series("lr")
        let losses = try series("loss")
        guard lrs.count == losses.count else {
            throw CurveFileError(source, "`lr` has \(lrs.count) values but `loss` has \(losses.count); "
                + "they must pair up one loss per learning rate")
        }
        return RecordedCurve(lrs: lrs, losses: losses)
    }
}
