import ArgumentParser
import Datasets
import Foundation
import NeuralNet

/// `train bench`: times training steps of a reference model on one BLAS thread.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time training steps (forward, cross-entropy, backward, SGD momentum 0.9) on one thread.",
        discussion: """
            ms/step is the median over the timed steps (the mean is also in --json), so a shared \
            machine disturbs it less. Inputs are seeded random images [batch, 1, 28, 28] with \
            random labels, since the time of a step does not depend on the values.

            GFLOP/s counts the matrix products and convolutions the step needs: forward, weight \
            gradients, and input gradients of every trainable layer but the first. --peak also \
            measures single-thread sgemm on 1024x1024 matrices.

            Run with OPENBLAS_NUM_THREADS=1 in the environment: otherwise OpenBLAS starts a worker \
            thread that spins for a while after start-up and takes a core from short benchmarks.

            --data-loading times the data side instead: loading, splitting and standardising \
            Fashion-MNIST, then one epoch of shuffled batches of --batch-size (run it under \
            /usr/bin/time -v for the peak memory).

            --stride-comparison times the resnet's stride-2 convolutions (3x3 and the 1x1 \
            projections) at --batch-size beside stride-1 ones with the same output and FLOPs, both \
            by im2col, forward and backward, the fastest of 20 repeats: striding should cost \
            nothing per FLOP.
            """)

    @Option(help: ArgumentHelp("The model, by its registered name: " + TrainCommandLine.registries.models.names.joined(separator: ", ") + ".",
                               valueName: "name"))
    var model: String = "mlp"

    @Option(help: ArgumentHelp("The model's settings as JSON (as for lr-find).", valueName: "json"))
    var modelConfig: String?

    @Option(help: "Samples per batch.")
    var batchSize: Int = 64

    @Option(help: "Timed steps.")
    var steps: Int = 100

    @Option(help: "Untimed steps before timing.")
    var warmup: Int = 10

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "Also measure the single-thread sgemm peak.")
    var peak = false

    @Flag(help: "Time the resnet's stride-2 convolutions beside stride-1 ones of the same FLOPs instead of training steps.")
    var strideComparison = false

    @Flag(help: "Time loading Fashion-MNIST and one epoch of batches instead of training steps.")
    var dataLoading = false

    @Option(help: "Folder with the Fashion-MNIST IDX files, for --data-loading (default: the Debian package's).")
    var data: String?

    @Option(help: ArgumentHelp("Time loading this image folder instead: decoded (cache off), then from its cache, each with one epoch of batches.",
                               valueName: "dir"))
    var imageFolder: String?

    @Option(help: ArgumentHelp("Image side N or HxW of the timed inputs (default 28), or with --image-folder the resize.", valueName: "size"))
    var size: String?

    @Option(help: ArgumentHelp("Channels of the timed inputs (default 1), or with --image-folder 1 or 3.", valueName: "n"))
    var channels: Int?

    func validate() throws {
        if !dataLoading && imageFolder == nil && !strideComparison { try CommandFailure.usage { _ = try makeBenchmark() } }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive, got \(batchSize)") }
        guard steps > 0 else { throw ValidationError("--steps must be positive, got \(steps)") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative, got \(warmup)") }
        if data != nil && !dataLoading { throw ValidationError("--data goes with --data-loading") }
        if let size, ImageSize(parsing: size) == nil { throw ValidationError("--size must be N or HxW, got '\(size)'") }
    }

    func run() throws {
        if dataLoading { return try runDataLoading() }
        if let imageFolder { return try runImageFolder(imageFolder) }
        if strideComparison { return try runStrideComparison() }
        let result = try makeBenchmark().run(steps: steps, warmup: warmup)
        let peakGflops = peak ? GemmPeakBenchmark.gigaflopsPerSecond() : nil
        if json {
            var object: [String: Any] = [
                "model": result.model, "batch_size": result.batchSize, "steps": result.steps,
                "ms_per_step": result.millisecondsPerStep,
                "mean_ms_per_step": result.meanSecondsPerStep * 1e3, "samples_per_second": result.samplesPerSecond,
                "cpu_ms_per_step": result.processorSecondsPerStep * 1e3,
                "gflops": result.gigaflopsPerSecond, "flops_per_step": result.flopsPerStep,
            ]
            if let peakGflops { object["sgemm_peak_gflops"] = peakGflops }
            let encoded = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: encoded, as: UTF8.self))
        } else {
            print(String(format: "%@ bs%d: %.3f ms/step, %.0f samples/s, %.1f GFLOP/s (%d steps)",
                         result.model, result.batchSize, result.millisecondsPerStep,
                         result.samplesPerSecond, result.gigaflopsPerSecond, result.steps))
            if let peakGflops {
                print(String(format: "sgemm peak (1024^3, 1 thread): %.1f GFLOP/s; step reaches %.0f%%",
                             peakGflops, 100 * result.gigaflopsPerSecond / peakGflops))
            }
        }
    }

    /// The step benchmark of `--model` for inputs of `--channels` x `--size` and 10 classes.
    private func makeBenchmark() throws -> TrainingStepBenchmark {
        let side = size.flatMap(ImageSize.init(parsing:)) ?? ImageSize(parsing: "28")!
        let input = ModelInput(exampleShape: [channels ?? 1, side.height, side.width], classes: 10)
        let registry = TrainCommandLine.registries.models
        let (name, configuration) = (model, modelConfig)
        _ = try registry.makeModel(name, configuration: configuration, for: input, seed: 0)
        return TrainingStepBenchmark(modelName: name, inputShape: input.exampleShape, classes: input.classes,
                                     batchSize: batchSize) { seed in
            // Built once above, so the same settings cannot fail here.
            try! registry.makeModel(name, configuration: configuration, for: input, seed: seed)
        }
    }

    private func runImageFolder(_ root: String) throws {
        var options = ImageFolderOptions()
        options.size = size.flatMap(ImageSize.init(parsing:))
        options.channels = channels
        let result = try CommandFailure.report { try ImageFolderBenchmark(root: root, options: options).run() }
        let object: [String: Any] = [
            "files": result.files, "size": result.imageSize.description, "channels": result.channels, "values": result.values,
            "cold_load_s": result.cold.loadSeconds, "cold_epoch_s": result.cold.epochSeconds, "cold_s": result.cold.totalSeconds,
            "cached_load_s": result.cached.loadSeconds, "cached_epoch_s": result.cached.epochSeconds,
            "cached_s": result.cached.totalSeconds, "cold_cpu_s": result.cold.cpuSeconds, "cached_cpu_s": result.cached.cpuSeconds,
            "cold_decoded": result.cold.decoded, "cached_reused": result.cached.reused,
        ]
        if json {
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print(String(format: "%d files (%@, %d channels): decoded %.3f s, cached %.3f s (load and one epoch)",
                         result.files, result.imageSize.description, result.channels, result.cold.totalSeconds,
                         result.cached.totalSeconds))
        }
    }

    private func runStrideComparison() throws {
        var rows: [[String: Any]] = []
        for (strideOne, strideTwo) in ConvolutionBenchmark.strideComparison(batchSize: batchSize) {
            let one = strideOne.run(), two = strideTwo.run()
            rows.append(["stride_1": one.workload, "stride_2": two.workload,
                         "stride_1_gflops": one.gigaflopsPerSecond, "stride_2_gflops": two.gigaflopsPerSecond,
                         "stride_1_ms": (one.forwardSeconds + one.backwardSeconds) * 1e3,
                         "stride_1_forward_ms": one.forwardSeconds * 1e3, "stride_2_forward_ms": two.forwardSeconds * 1e3,
                         "stride_2_ms": (two.forwardSeconds + two.backwardSeconds) * 1e3])
            if !json {
                print(String(format: "%@: %.1f GFLOP/s (%.2f ms)\n%@: %.1f GFLOP/s (%.2f ms), %.2fx stride 1's rate",
                             one.workload, one.gigaflopsPerSecond, (one.forwardSeconds + one.backwardSeconds) * 1e3,
                             two.workload, two.gigaflopsPerSecond, (two.forwardSeconds + two.backwardSeconds) * 1e3,
                             two.gigaflopsPerSecond / one.gigaflopsPerSecond))
            }
        }
        if json {
            print(String(decoding: try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys]), as: UTF8.self))
        }
    }

    private func runDataLoading() throws {
        let result = try DataLoadingBenchmark(directory: data, batchSize: batchSize).run()
        if json {
            let object: [String: Any] = [
                "bundle_seconds": result.bundleSeconds, "epoch_seconds": result.epochSeconds,
                "total_seconds": result.totalSeconds, "train_count": result.trainCount,
                "validation_count": result.validationCount, "batch_size": batchSize, "batches": result.batches,
                "mean": Double(result.mean), "std": Double(result.std),
            ]
            let encoded = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: encoded, as: UTF8.self))
        } else {
            print(String(format: "Fashion-MNIST: load, split and standardise %.3f s (train %d, validation %d, mean %.4f, std %.4f); "
                             + "%d batches of %d in %.3f s; total %.3f s",
                         result.bundleSeconds, result.trainCount, result.validationCount, Double(result.mean),
                         Double(result.std), result.batches, batchSize, result.epochSeconds, result.totalSeconds))
        }
    }
}
