extension RunManifest {
    /// The model: its name, size and layer groups; each member nil (or empty) when not recorded.
    public struct Model: Equatable, Sendable {
        public var name: String?
        public var parameterCount: Int?
        public var groups: [Group]

        public init(name: String? = nil, parameterCount: Int? = nil, groups: [Group] = []) {
            self.name = name
            self.parameterCount = parameterCount
            self.groups = groups
        }

        /// A layer group with its layers' descriptions.
        public struct Group: Codable, Equatable, Sendable {
            public var name: String
            public var layers: [String]
            public var parameterCount: Int

            public init(name: String, layers: [String], parameterCount: Int) {
                self.name = name
                self.layers = layers
                self.parameterCount = parameterCount
            }
        }
    }

    /// The data a run trained on. `classes` holds the class names (`"0"`…`"9"` for digits).
    ///
    /// Members after `classes` are written by sources that read files of the user's (such as
    /// image folders) and are absent for the others.
    public struct DataDescription: Codable, Equatable, Sendable {
        public var name: String
        public var path: String?
        public var trainCount: Int?
        public var validationCount: Int?
        public var validationFraction: Double?
        public var classes: [String]?
        /// The registered data source that read the data, such as `image-folder`.
        public var source: String?
        /// How the source found examples and labels, such as `class-folders`.
        public var layout: String?
        /// Files read (bad files skipped included).
        public var fileCount: Int?
        /// The shape of one example, such as `[3, 32, 32]`.
        public var exampleShape: [Int]?
        /// The standardisation applied, computed from the training examples.
        public var normalization: Normalization?
        /// A hash of the examples and labels, the same for the same data wherever it lies.
        public var contentHash: String?
        /// Files that could not be read and were skipped, each with the reason.
        public var skippedFiles: [String]?
        /// A table's feature columns, in the order of the example's values.
        public var features: [String]?
        /// A table's column that held the labels.
        public var labelColumn: String?
        /// How a table's missing cells were filled (`mean` or `median` of the training examples).
        public var fillMissing: String?
        /// How many missing cells were filled.
        public var filledCells: Int?

        /// The standardisation `(x - mean) / std`: one `mean` and `std` for every input value, or
        /// `means` and `stds` with one entry per channel (`per: "channel"`, the first axis of an
        /// image) or per feature column of a table (`per: "feature"`).
        ///
        /// Files written before per-channel statistics existed hold `mean` and `std` only.
        public struct Normalization: Codable, Equatable, Sendable {
            public var mean: Double?
            public var std: Double?
            /// `channel` or `feature`; nil when one mean and std cover every value.
            public var per: String?
            public var means: [Double]?
            public var stds: [Double]?

            /// One mean and std for every value.
            public init(mean: Double, std: Double) {
                self.mean = mean
                self.std = std
            }

            /// One mean and std per channel or feature (`per`).
            public init(per: String, means: [Double], stds: [Double]) {
                self.per = per
                self.means = means
                self.stds = stds
            }
        }

        public init(name: String, path: String? = nil, trainCount: Int? = nil, validationCount: Int? = nil,
                    validationFraction: Double? = nil, classes: [String]? = nil) {
            self.name = name
            self.path = path
            self.trainCount = trainCount
            self.validationCount = validationCount
            self.validationFraction = validationFraction
            self.classes = classes
        }
    }

    /// Progress and results so far; rewritten as the run goes.
    ///
    /// `finalLoss` is the smoothed training loss after the last batch, `bestLoss` the lowest
    /// smoothed training loss seen; validation members are those of the last validation pass.
    /// Counts a file does not hold read as 0 (nothing counted).
    public struct Summary: Equatable, Sendable {
        public var iterations = 0
        public var epochs = 0
        public var finalLoss: Double?
        public var bestLoss: Double?
        public var validLoss: Double?
        public var accuracy: Double?
        public var errorRate: Double?
        public var seconds = 0.0

        public init() {}
    }

    /// A suggested learning rate, or the reason why there is none.
    public struct Suggestion: Codable, Equatable, Sendable {
        public var lr: Double?
        public var loss: Double?
        public var reason: String?

        public init(lr: Double, loss: Double) {
            self.lr = lr
            self.loss = loss
        }

        public init(reason: String) {
            self.reason = reason
        }
    }

    /// Short training runs at suggested learning rates (`--verify`).
    public struct Verify: Codable, Equatable, Sendable {
        public var steps: Int
        public var results: [Result]
        /// The suggestion with the lowest validation loss.
        public var best: String?

        public init(steps: Int, results: [Result], best: String?) {
            self.steps = steps
            self.results = results
            self.best = best
        }

        public struct Result: Codable, Equatable, Sendable {
            public var suggestion: String
            public var lr: Double
            public var validLoss: Double
            public var accuracy: Double?

            public init(suggestion: String, lr: Double, validLoss: Double, accuracy: Double?) {
                self.suggestion = suggestion
                self.lr = lr
                self.validLoss = validLoss
                self.accuracy = accuracy
            }
        }
    }
}

extension RunManifest.Model: Codable {
    private enum CodingKeys: String, CodingKey { case name, parameterCount, groups }

    /// Reads leniently: any member may be missing.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        parameterCount = try c.decodeIfPresent(Int.self, forKey: .parameterCount)
        groups = try c.decode([Group].self, forKey: .groups, absent: [])
    }
}

extension RunManifest.Summary: Codable {
    private enum CodingKeys: String, CodingKey {
        case iterations, epochs, finalLoss, bestLoss, validLoss, accuracy, errorRate, seconds
    }

    /// Reads leniently: any member may be missing.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        iterations = try c.decode(Int.self, forKey: .iterations, absent: 0)
        epochs = try c.decode(Int.self, forKey: .epochs, absent: 0)
        finalLoss = try c.decodeIfPresent(Double.self, forKey: .finalLoss)
        bestLoss = try c.decodeIfPresent(Double.self, forKey: .bestLoss)
        validLoss = try c.decodeIfPresent(Double.self, forKey: .validLoss)
        accuracy = try c.decodeIfPresent(Double.self, forKey: .accuracy)
        errorRate = try c.decodeIfPresent(Double.self, forKey: .errorRate)
        seconds = try c.decode(Double.self, forKey: .seconds, absent: 0)
    }
}
