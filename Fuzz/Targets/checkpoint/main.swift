// LRLab checkpoints (Checkpoint.load, then restore into a model and its optimizer) as
// `--init-from`, `train fine-tune` and `train export` read them. Inputs whose first byte is odd get
// their header's payload length and CRC-32 recomputed, so that the fuzzer reaches the payload
// behind the checksum; the file is the input after that byte.
import Foundation
import FuzzSupport
@testable import NeuralNet
import TensorCore

let model = try! MLPModel(configuration: .init(hiddenSizes: [3])).make(inputShape: [2, 2], classes: 2, seed: 1)
let sgd = SGD(model: model, learningRate: 0.1, momentum: 0.9)
let adam = Adam(model: model)

FuzzTarget.run(seeds: {
    let scratch = ScratchFile("seed.ckpt")
    var seeds: [(name: String, bytes: [UInt8])] = []
    for (name, optimizer) in [("sgd", sgd as any Optimizer), ("adam", adam), ("none", nil)] as [(String, (any Optimizer)?)] {
        try Checkpoint.save(model: model, optimizer: optimizer, randomGenerator: RandomGenerator(seed: 7),
                            metadata: ["model": "mlp", "groups": "body,head"], to: scratch.path)
        seeds.append(("\(name).ckpt", [0] + Array(try Data(contentsOf: URL(fileURLWithPath: scratch.path)))))
    }
    return seeds
}) { input in
    guard let mode = input.first else { return }
    var bytes = Array(input.dropFirst())
    if mode & 1 == 1, bytes.count >= Checkpoint.headerSize {
        let length = UInt64(bytes.count - Checkpoint.headerSize).littleEndian
        let crc = CRC32.checksum(bytes[Checkpoint.headerSize...]).littleEndian
        withUnsafeBytes(of: length) { bytes.replaceSubrange(12..<20, with: $0) }
        withUnsafeBytes(of: crc) { bytes.replaceSubrange(20..<24, with: $0) }
    }
    guard let checkpoint = try? Checkpoint.decode(bytes, path: "fuzz.ckpt") else { return }
    _ = try? checkpoint.randomGenerator
    try? checkpoint.restore(into: model, optimizer: mode & 2 == 0 ? sgd : adam)
    try? checkpoint.restore(into: model, onlyGroups: ["body"])
}
