// safetensors files (Hugging Face's format) as `--init-from x.safetensors` reads them: the header
// JSON and the tensors, then loading them into a model as a state dict.
import FuzzSupport
import NeuralNet

let model = try! MLPModel(configuration: .init(hiddenSizes: [3])).make(inputShape: [2, 2], classes: 2, seed: 1)

FuzzTarget.run(seeds: {
    let exported = StateDict.export(model)
    let mixed: [String: StoredTensor] = [
        "half": StoredTensor(shape: [2], floats: [1, -2], dtype: .f16),
        "brain": StoredTensor(shape: [1, 2], floats: [0.5, 3], dtype: .bf16),
        "steps": StoredTensor(shape: [], int64: [12]),
    ]
    return [("model.safetensors", Safetensors.encode(exported, metadata: ["format": "pt"])),
            ("dtypes.safetensors", Safetensors.encode(mixed, metadata: ["note": "a \"quoted\" \\ value"]))]
}) { bytes in
    guard let file = try? Safetensors.decode(bytes, path: "fuzz.safetensors") else { return }
    try? StateDict.load(file.tensors, into: model)
    try? StateDict.load(file.tensors, into: model, onlyGroups: ["body"])
}
