import Datasets
import Foundation

/// Times what `train lr-find` does with Fashion-MNIST before its model runs: load the training
/// split, split, standardise, then gather one epoch of shuffled batches of 64. First it times
/// the load alone and the statistics of all its pixels when asked with `--phases` (which keeps
/// a second copy alive: leave it out to measure the peak memory).
///
/// Usage: datasets-bench [--phases] [DIR]   (run under `/usr/bin/time -v` for the peak memory)
func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

let arguments = CommandLine.arguments.dropFirst()
let directory = arguments.first { $0 != "--phases" }
if arguments.contains("--phases") {
    let loadStart = DispatchTime.now()
    let rawTrain = try FashionMNIST.load(directory: directory, split: .train)
    let loadOnly = seconds(since: loadStart)
    let statsStart = DispatchTime.now()
    let rawStats = Normalization.computed(from: rawTrain)
    print(String(format: "phases: load %.3f s, statistics of all %d examples %.3f s (mean %.4f)",
                 loadOnly, rawTrain.count, seconds(since: statsStart), rawStats.mean))
}
let start = DispatchTime.now()
let bundle = try DataBundle.fashionMNIST(directory: directory)
let loaded = seconds(since: start)
let loader = try bundle.trainLoader(batchSize: 64, seed: 0)
var checksum = 0.0
var batches = 0
let passStart = DispatchTime.now()
for batch in loader.batches(epoch: 0) {
    checksum += Double(batch.inputs.storage[0]) + Double(batch.targets.storage[0])
    batches += 1
}
let pass = seconds(since: passStart)
print(String(format: "bundle %.3f s (train %d, valid %d, mean %.4f std %.4f); %d batches %.3f s; total %.3f s; checksum %.3f",
             loaded, bundle.train.count, bundle.valid.count, bundle.normalization.mean, bundle.normalization.std,
             batches, pass, seconds(since: start), checksum))
