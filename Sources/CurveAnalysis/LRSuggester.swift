import Foundation

/// fastai's four learning-rate suggestions (`minimum`, `steep`, `valley`, `slide`) over a range-test curve.
///
/// Arithmetic follows fastai's float32 tensors step by step, so the results equal fastai's on the
/// same curve (checked against `bench/fastai_suggestions_reference.py`).
public enum LRSuggester {
    /// The number of points `slide` compares across (fastai's `lr_diff` is 15, so 16 points).
    public static let slideWindow = 15
    /// `slide` stops when the gradients across the window differ by at most this (fastai's `thresh`).
    public static let slideThreshold: Float = 0.005

    /// All four suggestions for a recorded curve, prepared as `lr_find` does (see `SuggestionInput`).
    public static func suggest(_ curve: RecordedCurve, numIterations: Int? = nil,
                               skipStart: Int? = nil, skipEnd: Int = 5) -> LRSuggestions {
        suggest(SuggestionInput(curve: curve, numIterations: numIterations,
                                skipStart: skipStart, skipEnd: skipEnd))
    }

    /// All four suggestions for already prepared points.
    public static func suggest(_ input: SuggestionInput) -> LRSuggestions {
        LRSuggestions(minimum: minimum(input), steep: steep(input),
                      valley: valley(input), slide: slide(input))
    }

    /// A tenth of the lr at the lowest loss; the marker sits at that tenth, at the loss of the
    /// recorded point whose lr is nearest to it.
    public static func minimum(_ input: SuggestionInput) -> Suggestion {
        if let reason = input.emptyReason { return .unavailable(reason: reason) }
        let lowest = firstIndexOfMinimum(input.losses)
        let suggestion = Double(input.lrs[lowest]) / 10
        let nearest = nearestIndex(to: suggestion, in: input.lrs)
        return .point(lr: suggestion, loss: Double(input.losses[nearest]))
    }

    /// The lr at the start of the most negative slope of loss against ln(lr).
    public static func steep(_ input: SuggestionInput) -> Suggestion {
        if let reason = input.emptyReason { return .unavailable(reason: reason) }
        guard input.count >= 2 else {
            return .unavailable(reason: "needs at least 2 points, the curve has \(input.count)")
        }
        if let reason = nonPositiveLRReason(input.lrs) { return .unavailable(reason: reason) }
        let slopes = input.lrs.withUnsafeBufferPointer { lrs in
            input.losses.withUnsafeBufferPointer { losses in
                (0..<(lrs.count - 1)).map { i -> Float in
                    (losses[i + 1] - losses[i]) / (Foundation.log(lrs[i + 1]) - Foundation.log(lrs[i]))
                }
            }
        }
        let steepest = firstIndexOfMinimum(slopes)
        return .point(lr: Double(input.lrs[steepest]), loss: Double(input.losses[steepest]))
    }

    /// The point about halfway along the longest valley, the longest strictly decreasing
    /// subsequence of the loss (fastai's O(n²) dynamic programme; its points need not be adjacent).
    ///
    /// With `end` the index of the subsequence's last point and `length` its number of points,
    /// fastai takes `start = end - length` (one before the first point when the points are
    /// adjacent), `sections = (end - start) / 3`, and returns index
    /// `start + Int(sections) + Int(sections / 2)`, about `start + length / 3 + length / 6`, i.e.
    /// halfway (not two thirds, as fastai's docstring says) from `start` to `end`.
    public static func valley(_ input: SuggestionInput) -> Suggestion {
        if let reason = input.emptyReason { return .unavailable(reason: reason) }
        let n = input.count
        var lengths = [Int](repeating: 1, count: n)
        var end = 0
        input.losses.withUnsafeBufferPointer { losses in
            for i in 1..<max(n, 1) {
                for j in 0..<i where losses[i] < losses[j] && lengths[i] < lengths[j] + 1 {
                    lengths[i] = lengths[j] + 1
                }
                // fastai checks inside the j loop, but lengths[i] can only reach the best so far
                // plus one, so checking once after the loop picks the same (first) longest end.
                if lengths[end] < lengths[i] { end = i }
            }
        }
        let start = end == 0 ? 0 : end - lengths[end]
        let sections = Double(end - start) / 3
        let index = min(max(start + Int(sections) + Int(sections / 2), 0), n - 1)
        return .point(lr: Double(input.lrs[index]), loss: Double(input.losses[index]))
    }

    /// The lr where the loss gradient stops changing across a 16-point window, sliding from the
    /// end of the curve towards its start; the marker's loss is interpolated in log10(lr).
    public static func slide(_ input: SuggestionInput) -> Suggestion {
        if let reason = input.emptyReason { return .unavailable(reason: reason) }
        let n = input.count
        guard n > slideWindow else {
            return .unavailable(reason: "needs at least \(slideWindow + 1) points, the curve has \(n)")
        }
        if let reason = nonPositiveLRReason(input.lrs) { return .unavailable(reason: reason) }
        let gradient = indexGradient(input.losses)
        var right = n - 1
        var left = right - slideWindow
        var candidate = input.lrs[left]
        while left >= 0 && abs(gradient[right] - gradient[left]) > slideThreshold {
            candidate = input.lrs[left]
            right -= 1
            left -= 1
        }
        let suggestion = Double(candidate)
        let logLRs = input.lrs.map { Double(Foundation.log10($0)) }
        let loss = interpolate(Foundation.log10(suggestion), xs: logLRs, ys: input.losses.map(Double.init))
        return .point(lr: suggestion, loss: loss)
    }
}
