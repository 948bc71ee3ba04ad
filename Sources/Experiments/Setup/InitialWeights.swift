import NeuralNet

/// Starting weights from another tool: a safetensors file with the tensors of the equivalent
/// PyTorch `nn.Sequential`'s `state_dict()` (see `StateDict`).
public enum InitialWeights {
    /// Loads the safetensors file at `path` into `model`.
    ///
    /// With `keepingHead`, a file whose head has other shapes (weights saved for other classes)
    /// loads the body groups only and the model keeps its fresh head, as fine-tuning wants.
    /// - Throws: `SafetensorsError` for a bad file, `StateDictError` listing every missing,
    ///   unexpected and wrongly shaped tensor.
    public static func load(_ path: String, into model: Sequential, keepingHeadOnMismatch: Bool = false) throws {
        guard keepingHeadOnMismatch else {
            _ = try StateDict.load(from: path, into: model)
            return
        }
        let file = try Safetensors.read(path)
        do {
            try StateDict.load(file.tensors, into: model, source: path)
        } catch {
            try StateDict.load(file.tensors, into: model, onlyGroups: model.groups.dropLast().map(\.name), source: path)
        }
    }
}
