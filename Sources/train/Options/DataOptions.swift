import ArgumentParser
import Datasets
import Experiments
import LRFinder

/// Where the examples come from and how they are split (shared by lr-find, fit and fine-tune).
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The data set: fashion-mnist or synthetic (seeded stroke patterns made in memory, no files needed).", valueName: "name"))
    var dataset: String = "fashion-mnist"

    @Option(name: .long, help: ArgumentHelp("Folder with the Fashion-MNIST IDX files (default: \(FashionMNIST.defaultDirectory)).", valueName: "dir"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("Use at most N training examples, for quick runs (default: all).", valueName: "n"))
    var trainLimit: Int?

    @Option(name: .long, help: "Examples made for --dataset synthetic.")
    var syntheticCount: Int = 2048

    @Option(name: .long, help: "Fraction of the examples held out for validation, in 0..<1.")
    var validFraction: Double = 0.1

    @Option(name: .long, help: ArgumentHelp("Keep only these classes, comma-separated indices 0-9 (default: all).", valueName: "list"))
    var classes: String?

    func validate() throws {
        guard ["fashion-mnist", "synthetic"].contains(dataset) else {
            throw ValidationError("--dataset must be fashion-mnist or synthetic, got '\(dataset)'")
        }
        if let trainLimit, trainLimit < 1 { throw ValidationError("--train-limit must be at least 1, got \(trainLimit)") }
        guard syntheticCount >= 2 else { throw ValidationError("--synthetic-count must be at least 2, got \(syntheticCount)") }
        guard validFraction >= 0, validFraction < 1 else {
            throw ValidationError("--valid-fraction must be in 0..<1, got \(validFraction)")
        }
        _ = try classList()
    }

    /// The parsed `--classes` list.
    func classList() throws -> [Int]? {
        guard let classes else { return nil }
        let parts = classes.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var result: [Int] = []
        for part in parts {
            guard let value = Int(part), (0..<10).contains(value) else {
                throw ValidationError("--classes: '\(part)' is not a class index 0-9 (give e.g. --classes 0,1,2)")
            }
            guard !result.contains(value) else { throw ValidationError("--classes: class \(value) is repeated") }
            result.append(value)
        }
        guard result.count >= 2 else { throw ValidationError("--classes needs at least 2 classes, got '\(classes)'") }
        return result
    }

    /// The library's settings.
    func settings() throws -> DataSettings {
        DataSettings(source: dataset == "synthetic" ? .synthetic(count: syntheticCount) : .fashionMNIST(directory: data),
                     validationFraction: validFraction, trainLimit: trainLimit, classes: try classList())
    }
}
