extension RunManifest {
    /// How far a range test's suggestions move when only the last bits of the arithmetic change
    /// (`--stability K`): the run repeated `reruns` times, each time with every initial weight
    /// nudged by `ulps` units in the last place, up or down by a seeded pattern that differs per
    /// re-run.
    ///
    /// Written as run.json's optional `stability` member; older files have none.
    public struct Stability: Codable, Equatable, Sendable {
        /// Re-runs made besides the run itself.
        public var reruns: Int
        /// How far each initial weight was moved, in units in the last place (0 repeats the run).
        public var ulps: Int
        /// Per suggestion method (`minimum`, `steep`, `valley`, `slide`), the spread over the run
        /// and its re-runs.
        public var suggestions: [String: ValueSpread]
        /// The lowest smoothed loss of the run and each re-run: it moves under the smallest change,
        /// where the suggestions, which sit on the ladder's rungs, may not.
        public var minimumLoss: ValueSpread?
        /// The analysis flags that some of the runs have and others do not, by name; flags all
        /// runs agree on are left out.
        public var flags: [FlagSpread]

        public init(reruns: Int, ulps: Int, suggestions: [String: ValueSpread], minimumLoss: ValueSpread? = nil,
                    flags: [FlagSpread]) {
            self.reruns = reruns
            self.ulps = ulps
            self.suggestions = suggestions
            self.minimumLoss = minimumLoss
            self.flags = flags
        }

        /// One value (a suggestion's learning rate, the minimum loss) in the run and each re-run.
        public struct ValueSpread: Codable, Equatable, Sendable {
            /// The run's own value; nil when it had none (no such suggestion).
            public var baseline: Double?
            /// Each re-run's value in order; nil where a re-run had none.
            public var values: [Double?]
            /// The smallest and largest value over the run and its re-runs (nil when none had one).
            public var min: Double?
            public var max: Double?
            /// `max / min`: 1 when every run agrees.
            public var ratio: Double?
            /// Runs (the run itself included) without a value.
            public var missing: Int

            public init(baseline: Double?, values: [Double?]) {
                self.baseline = baseline
                self.values = values
                let present = ([baseline] + values).compactMap { $0 }
                min = present.min()
                max = present.max()
                if let low = min, let high = max, low > 0 { ratio = high / low }
                missing = values.count + 1 - present.count
            }
        }

        /// A flag that appears or disappears between the run and its re-runs.
        public struct FlagSpread: Codable, Equatable, Sendable {
            /// Such as `never-diverged`.
            public var flag: String
            /// Whether the run itself has it.
            public var baseline: Bool
            /// How many re-runs have it.
            public var reruns: Int

            public init(flag: String, baseline: Bool, reruns: Int) {
                self.flag = flag
                self.baseline = baseline
                self.reruns = reruns
            }
        }
    }
}
