import Foundation
import TensorCore

/// The settings of one LR range test: the learning-rate ladder, how long each rung is held, and
/// when the test stops early.
///
/// The defaults are fastai's `lr_find`: 100 iterations from 1e-7 to 10 on an exponential ladder,
/// stopping once the smoothed loss exceeds 4 times the best smoothed loss so far.
public struct RangeTestSettings: Equatable, Codable, Sendable {
    /// How the learning rate climbs from `startLR` to `endLR`.
    public enum Ladder: String, CaseIterable, Codable, Sendable {
        /// `start * (end / start)^(r / iterations)` at rung `r` (fastai's `SchedExp`).
        case exponential
        /// `start + (end - start) * r / iterations` at rung `r` (fastai's `SchedLin`).
        case linear
    }

    /// The fewest iterations a test may have: fewer points cannot give a curve to read.
    public static let minimumIterations = 6

    public var startLR: Double
    public var endLR: Double
    /// The number of rungs on the ladder (fastai's `num_it`).
    public var iterations: Int
    public var ladder: Ladder
    /// Training batches each rung is held for; every batch is recorded, and the suggestions read
    /// one point per rung (see `SuggestionInput`).
    public var batchesPerStep: Int
    /// Stop once the smoothed loss exceeds this many times the best smoothed loss so far; nil
    /// turns the rule off (needed for losses that can be negative). NaN or infinite losses
    /// always stop the test.
    public var divergenceFactor: Double?
    /// In validation mode, the number of validation batches whose mean loss is recorded after
    /// every step (the `valid_loss` column); nil for no validation loss.
    public var validationBatches: Int?
    /// Learning-rate multipliers per parameter group (body first, head last), applied to the
    /// ladder's rate; empty or one element: the same rate for every group.
    public var groupMultipliers: [Double]

    public init(startLR: Double = 1e-7, endLR: Double = 10, iterations: Int = 100, ladder: Ladder = .exponential,
                batchesPerStep: Int = 1, divergenceFactor: Double? = 4, validationBatches: Int? = nil,
                groupMultipliers: [Double] = []) {
        self.startLR = startLR
        self.endLR = endLR
        self.iterations = iterations
        self.ladder = ladder
        self.batchesPerStep = batchesPerStep
        self.divergenceFactor = divergenceFactor
        self.validationBatches = validationBatches
        self.groupMultipliers = groupMultipliers
    }

    /// Training batches the whole test runs when it does not stop early.
    public var totalBatches: Int { iterations * batchesPerStep }

    /// The ladder's learning rate (of the head) for training batch `batch`, counted from 0.
    public func learningRate(atBatch batch: Int) -> Double {
        let rung = Double(batch / batchesPerStep)
        let position = rung / Double(iterations)
        switch ladder {
        case .exponential: return startLR * pow(endLR / startLR, position)
        case .linear: return startLR + (endLR - startLR) * position
        }
    }

    /// The multiplier of parameter group `group` among `groupCount` groups.
    public func multiplier(group: Int, of groupCount: Int) -> Double {
        groupMultipliers.count == groupCount ? groupMultipliers[group] : (groupMultipliers.first ?? 1)
    }

    /// Checks every setting and throws a `SettingError` naming the first bad one.
    public func validate() throws {
        guard startLR.isFinite, startLR > 0 else {
            throw SettingError(setting: "RangeTestSettings.startLR", value: "\(startLR)",
                               reason: "the start learning rate must be a positive number")
        }
        guard endLR.isFinite, endLR > startLR else {
            throw SettingError(setting: "RangeTestSettings.endLR", value: "\(endLR)",
                               reason: "the end learning rate must be finite and above the start learning rate \(startLR)")
        }
        guard iterations >= Self.minimumIterations else {
            throw SettingError(setting: "RangeTestSettings.iterations", value: "\(iterations)",
                               reason: "a range test needs at least \(Self.minimumIterations) iterations")
        }
        guard batchesPerStep >= 1 else {
            throw SettingError(setting: "RangeTestSettings.batchesPerStep", value: "\(batchesPerStep)",
                               reason: "each learning rate must be held for at least 1 batch")
        }
        if let factor = divergenceFactor, !(factor.isFinite && factor > 1) {
            throw SettingError(setting: "RangeTestSettings.divergenceFactor", value: "\(factor)",
                               reason: "the factor must be a number above 1 (or turn the rule off)")
        }
        if let batches = validationBatches, batches < 1 {
            throw SettingError(setting: "RangeTestSettings.validationBatches", value: "\(batches)",
                               reason: "validation mode needs at least 1 batch")
        }
        for (index, m) in groupMultipliers.enumerated() where !(m.isFinite && m > 0) {
            throw SettingError(setting: "RangeTestSettings.groupMultipliers", value: Self.list(groupMultipliers),
                               reason: "multiplier \(index + 1) (\(m)) must be a positive number")
        }
    }

    /// Checks that the group multipliers fit an optimizer with `parameterGroups` groups: none, one
    /// for all, or one per group.
    public func validate(parameterGroups: Int) throws {
        if groupMultipliers.count > 1, groupMultipliers.count != parameterGroups {
            throw SettingError(setting: "RangeTestSettings.groupMultipliers", value: Self.list(groupMultipliers),
                               reason: "\(groupMultipliers.count) multipliers for an optimizer with \(parameterGroups) "
                                   + "parameter groups; give one per group (body first) or a single one for all")
        }
    }

    private static func list(_ values: [Double]) -> String {
        values.map { "\($0)" }.joined(separator: ",")
    }
}
