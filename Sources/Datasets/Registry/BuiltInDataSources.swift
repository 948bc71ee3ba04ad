import Foundation

/// Fashion-MNIST-style IDX files (`train-images-idx3-ubyte[.gz]`, `train-labels-idx1-ubyte[.gz]`)
/// in a folder; without a location, the Debian package's copy of Fashion-MNIST.
public struct IDXDataSource: DataSource {
    public init() {}

    public var name: String { FashionMNIST.name }

    public var summary: String {
        "a folder of Fashion-MNIST IDX files (default: \(FashionMNIST.defaultDirectory))"
    }

    public func recognizes(path: String) -> Bool {
        let manager = FileManager.default
        return ["", ".gz"].contains { manager.fileExists(atPath: path + "/train-images-idx3-ubyte" + $0) }
    }

    public func load(_ request: DataRequest) throws -> DataBundle {
        try DataBundle.fashionMNIST(directory: request.location, validationFraction: request.validationFraction,
                                    seed: request.splitSeed, trainLimit: request.trainLimit, classes: request.classes)
    }
}

/// Seeded stroke-pattern images of Fashion-MNIST's shape, made in memory (no files needed).
///
/// Option `count`: how many examples to make (default 2048).
public struct SyntheticDataSource: DataSource {
    public init() {}

    public var name: String { "synthetic" }

    public var summary: String { "seeded 28x28 stroke patterns in 10 classes made in memory (option count, default 2048)" }

    public func load(_ request: DataRequest) throws -> DataBundle {
        let count = try request.integerOption("count", default: 2048, minimum: 2)
        let dataset = try SyntheticData.patterns(count: count, classes: 10, seed: request.splitSeed)
        return try DataBundle(dataset: dataset, validationFraction: request.validationFraction, seed: request.splitSeed,
                              trainLimit: request.trainLimit, classes: request.classes)
    }
}
