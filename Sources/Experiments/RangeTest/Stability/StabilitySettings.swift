import TensorCore

/// How to measure a range test's stability: `reruns` repeats of the test, each from the same
/// initial weights nudged by `ulps` units in the last place (`WeightPerturbation`).
public struct StabilitySettings: Codable, Equatable, Sendable {
    /// Re-runs besides the run itself (each costs as much as the run).
    public var reruns: Int
    /// How far each weight moves, in units in the last place; 0 repeats the run unchanged (a
    /// check that the re-runs start exactly where the run did).
    public var ulps: Int

    public init(reruns: Int, ulps: Int = 1) {
        self.reruns = reruns
        self.ulps = ulps
    }

    /// Checks both counts, throwing a `SettingError` that names the bad one.
    public func validate() throws {
        guard reruns >= 1 else {
            throw SettingError(setting: "StabilitySettings.reruns", value: "\(reruns)",
                               reason: "measuring stability needs at least 1 re-run")
        }
        guard (0...1_000).contains(ulps) else {
            throw SettingError(setting: "StabilitySettings.ulps", value: "\(ulps)",
                               reason: "use 0 to 1000 units in the last place (1 shows the effect of rounding alone)")
        }
    }
}
