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

    @Option(name: .long, help: ArgumentHelp("Image folders: resize every image to N or HxW pixels (default: keep; mixed sizes need it).", valueName: "size"))
    var size: String?

    @Option(name: .long, help: ArgumentHelp("Image folders: how to reach --size: squish, crop (centre, the default) or pad, as fastai names them.", valueName: "method"))
    var resize: String?

    @Option(name: .long, help: ArgumentHelp("Image folders: 1 (gray) or 3 (RGB) channels (default: what the images are).", valueName: "n"))
    var channels: Int?

    @Option(name: .long, help: ArgumentHelp("Image folders: label each image by this regular expression's capture group on its file name, e.g. '^([A-Za-z_]+)_\\d+'.", valueName: "regex"))
    var labelPattern: String?

    @Option(name: .long, help: ArgumentHelp("Image folders: a CSV of file name (relative to the folder) and label, with an optional is_valid column.", valueName: "file"))
    var labels: String?

    @Flag(name: .long, help: "Image folders: skip unreadable files (listed in run.json) instead of stopping.")
    var skipBadFiles = false

    @Option(name: .long, help: ArgumentHelp("Tables (.csv, .tsv): the header name of the column holding the labels (default: the last column).", valueName: "name"))
    var labelColumn: String?

    @Option(name: .long, help: ArgumentHelp("Tables: fill empty cells with the column's mean or median over the training examples, instead of stopping at the first.", valueName: "mean|median"))
    var fillMissing: String?

    @Option(name: .long, help: ArgumentHelp("Use at most N training examples, for quick runs (default: all).", valueName: "n"))
    var trainLimit: Int?

    @Option(name: .long, help: "Examples made by the synthetic source (its option count).")
    var syntheticCount: Int?

    @Option(name: .long, help: ArgumentHelp("Training batch order: epoch (a new random order every epoch, from --seed) or none (the data's own order, to replay another tool's batches).", valueName: "order"))
    var shuffle: String = "epoch"

    @Option(name: .long, help: "Fraction of the examples held out for validation, in 0..<1.")
    var validFraction: Double = 0.1

    @Option(name: .long, help: ArgumentHelp("Keep only these classes, comma-separated indices (default: all).", valueName: "list"))
    var classes: String?

    /// Only parses the lists: the values are checked with the job (`DataRequest.validate`).
    func validate() throws {
        guard ["epoch", "none"].contains(shuffle) else { throw ValidationError("--shuffle must be epoch or none, got '\(shuffle)'") }
        _ = try classList()
        _ = try options()
        if let fillMissing, MissingValueFill(rawValue: fillMissing) == nil {
            throw ValidationError("--fill-missing must be mean or median, got '\(fillMissing)'")
        }
    }

    /// The parsed `--classes` list.
    func classList() throws -> [Int]? {
        try classes.map { try CommaList.values($0, flag: "--classes", as: "a class index (give e.g. --classes 0,1,2)") { Int($0) } }
    }

    /// Whether training batches are shuffled every epoch.
    var shufflesBatches: Bool { shuffle != "none" }

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
        if let size { result["size"] = size }
        if let resize { result["resize"] = resize }
        if let channels { result["channels"] = String(channels) }
        if let labelPattern { result["labelPattern"] = labelPattern }
        if let labels { result["labels"] = labels }
        if skipBadFiles { result["skipBadFiles"] = "true" }
        if let labelColumn { result["labelColumn"] = labelColumn }
        if let fillMissing { result["fillMissing"] = fillMissing }
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
