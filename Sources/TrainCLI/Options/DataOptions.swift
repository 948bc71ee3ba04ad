import ArgumentParser
import Datasets
import Experiments

/// Where the examples come from and how they are split (shared by lr-find, fit and fine-tune).
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The data: a file or folder; the source is picked from what it holds (default: \(FashionMNIST.defaultDirectory)).",
        valueName: "path"))
    var data: String?

    @Option(name: [.customLong("data-source"), .customLong("dataset")], help: ArgumentHelp(
        "Read with this source instead of picking one from --data. Registered: "
            + TrainCommandLine.registries.dataSources.sources.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ") + ".",
        valueName: "name"))
    var dataSource: String?

    @Option(name: .long, help: ArgumentHelp("A setting of the data source, key=value (repeatable), e.g. count=512 for synthetic.",
                                            valueName: "key=value"))
    var dataOption: [String] = []

    @Option(name: .long, help: ArgumentHelp("Use at most N training examples, for quick runs (default: all).", valueName: "n"))
    var trainLimit: Int?

    @Option(name: .long, help: "Examples made by the synthetic source (its option count).")
    var syntheticCount: Int?

    @Option(name: .long, help: "Fraction of the examples held out for validation, in 0..<1.")
    var validFraction: Double = 0.1

    @Option(name: .long, help: ArgumentHelp("Keep only these classes, comma-separated indices (default: all).", valueName: "list"))
    var classes: String?

    /// Only parses the lists: the values are checked with the job (`DataRequest.validate`).
    func validate() throws {
        _ = try classList()
        _ = try options()
    }

    /// The parsed `--classes` list.
    func classList() throws -> [Int]? {
        try classes.map { try CommaList.values($0, flag: "--classes", as: "a class index (give e.g. --classes 0,1,2)") { Int($0) } }
    }

    /// `--data-option` pairs, with `--synthetic-count` as `count`.
    func options() throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in dataOption {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("--data-option '\(pair)': write key=value")
            }
            result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        if let syntheticCount { result["count"] = String(syntheticCount) }
        return result
    }

    /// The library's request.
    func request() throws -> DataRequest {
        DataRequest(source: dataSource, location: data, options: try options(), validationFraction: validFraction,
                    trainLimit: trainLimit, classes: try classList())
    }

    /// The examples, loaded with the process's registries.
    func load() throws -> DataBundle {
        try TrainCommandLine.registries.dataSources.load(try request())
    }
}

import Foundation
