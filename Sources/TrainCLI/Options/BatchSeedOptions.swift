import ArgumentParser

/// Batch size and seed (shared by lr-find, fit and fine-tune).
struct BatchSeedOptions: ParsableArguments {
    @Option(name: .long, help: "Examples per batch.")
    var batchSize: Int = 64

    @Option(name: .long, help: "Seed of the model's weights, the batch order and the random stream.")
    var seed: UInt64 = 0
}
